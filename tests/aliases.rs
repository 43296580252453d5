//! The default gazetteer on names as real articles write them, in every script:
//! transliteration variants, native names, attached prefixes and particles, model
//! versions, and ambiguous words in ordinary prose. Each row: text → the canonical
//! names found, in order.

use crate::util::extractor;

fn names(text: &str) -> Vec<String> {
    let doc = extractor().extract_str(text);
    doc.mentions
        .iter()
        .map(|m| m.entity().name.clone())
        .collect()
}

macro_rules! t {
    ($name:ident, $text:expr, [$($want:expr),*]) => {
        #[test]
        fn $name() {
            let want: Vec<&str> = vec![$($want),*];
            assert_eq!(names($text), want, "in {:?}", $text);
        }
    };
}

// Arabic transliteration variants and attached prefixes.
t!(
    arabic_hangzhou,
    "في هانغتشو وهانجتشو وبهانغجو",
    ["Hangzhou", "Hangzhou", "Hangzhou"]
);
t!(
    arabic_prefixes,
    "وبكين ولتنسنت وبالرياض والقاهرة",
    ["Beijing", "Tencent", "Riyadh", "Cairo"]
);
t!(
    arabic_latin_glued,
    "وGoogle وxAI لـDeepSeek",
    ["Google", "xAI", "DeepSeek"]
);
t!(
    arabic_words_containing_names,
    "الرياضيات أبلغت الكيمياء سيولة البكينية",
    []
);
t!(
    arabic_tencent_spellings,
    "تنسنت وتينسنت وهواوي",
    ["Tencent", "Tencent", "Huawei"]
);
// Chinese and Japanese names, glued to each other and to particles.
t!(
    chinese_names,
    "深度求索、智谱、腾讯混元和阿里云",
    ["DeepSeek", "Zhipu AI", "Tencent", "Hunyuan", "Alibaba"]
);
t!(
    chinese_glued,
    "腾讯深圳总部和华为昇腾",
    ["Tencent", "Shenzhen", "Huawei", "Ascend"]
);
t!(
    chinese_words_containing_names,
    "这是一种升华为艺术的生活，任务完成都很快",
    []
);
t!(
    japanese_particles,
    "テンセントの混元は北京で",
    ["Tencent", "Hunyuan", "Beijing"]
);
t!(japanese_katakana_boundary, "メタデータとメタ認知", []);
// Hindi spellings with postpositions.
t!(
    hindi_names,
    "हांग्जो में टेंसेंट का हुनयुआन और बीजिंग की ज़ीपू",
    ["Hangzhou", "Tencent", "Hunyuan", "Beijing", "Zhipu AI"]
);
t!(hindi_inside_words, "इंटेलिजेंट सिस्टम और किमी दूरी", []);
// Latin spelling variants.
t!(
    latin_zhipu,
    "Z.ai, Zhipu AI, ZhipuAI and Zhipu",
    ["Zhipu AI", "Zhipu AI", "Zhipu AI", "Zhipu AI"]
);
t!(
    latin_alibaba,
    "Alibaba Cloud and Alibaba Group and Aliyun",
    ["Alibaba", "Alibaba", "Alibaba"]
);
t!(
    deepseek_ai,
    "DeepSeek AI and DeepSeek-AI",
    ["DeepSeek", "DeepSeek"]
);
t!(
    deepmind_is_not_google,
    "Google DeepMind, DeepMind and Google",
    ["Google DeepMind", "Google DeepMind", "Google"]
);
t!(
    bangalore,
    "Bangalore is Bengaluru",
    ["Bengaluru", "Bengaluru"]
);
t!(
    tii_acronym,
    "TII released Falcon",
    ["Technology Innovation Institute", "Falcon"]
);
t!(
    aws_is_amazon,
    "runs on AWS and Amazon Web Services",
    ["Amazon", "Amazon"]
);
// Model versions.
t!(
    versions,
    "GLM-4.6, Qwen2.5-72B-Instruct, DeepSeek-R1-0528, Kimi K2, GPT-4.1, GPT-4",
    [
        "GLM",
        "Qwen2.5",
        "DeepSeek-R1",
        "Kimi K2",
        "GPT-4.1",
        "GPT-4"
    ]
);
t!(
    family_versions,
    "Claude 3.5 Sonnet, Gemini 2.5 Pro, Llama 3.1, Grok 4, ERNIE 4.5",
    ["Claude", "Gemini", "Llama", "Grok", "ERNIE"]
);
t!(gpt5_mini, "GPT-5 mini and GPT-4o", ["GPT-5", "GPT-4o"]);
t!(chatgpt_o1, "ChatGPT o1 from OpenAI", ["ChatGPT", "OpenAI"]);
// Ambiguous words in ordinary prose.
t!(
    ordinary_words,
    "an apple a day; metadata; the amazon of data; to grok it; spark joy",
    []
);
t!(
    apache_spark,
    "We use Apache Spark with OpenAI models",
    ["OpenAI"]
);
t!(falcon_bird, "A falcon and a Falcon 9 launch", []);
t!(claude_person, "Claude Monet painted water lilies", []);
t!(
    amazon_river,
    "The Amazon River and the Amazon rainforest",
    []
);
t!(
    new_york_times,
    "The New York Times reported from New York",
    ["New York"]
);
t!(
    domains_are_urls,
    "open chatgpt.com or claude.ai or chat.deepseek.com",
    []
);
t!(
    code_is_not_prose,
    "Use `DeepSeek-R1` here\n\n```\nTencent\n```\n",
    []
);
