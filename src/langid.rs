//! Language and script identification of a document's prose.
//!
//! Scripts decide first, weighed by letters: machine-translated articles are full
//! of English product names, URLs and code, which fool trigram models. Kana means
//! Japanese, Han without kana Chinese, Hangul Korean; Arabic and Devanagari letters
//! narrow the choice to the languages of that script. Frequent function words
//! then vote: when they alone are decisive (Latin, Arabic and Devanagari
//! scripts), that language is the answer and the confidence is 1 − runner-up /
//! winner hits. Otherwise whatlang runs on a bounded sample of the letters of the
//! chosen script, only among the languages the script (and the vote) allows, and
//! its confidence is reported as is. It never looks at front matter, code or URLs
//! (the caller passes prose only); the caller may then let the declared language
//! stand where the detection is unsure on a short text
//! ([`Language::prefer_declared`], the rule is there).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use whatlang::{Detector, Lang};

use crate::text::fnv::FnvBuild;
use crate::text::{floor_char_boundary, scalar_at};

/// How many bytes of prose are read to count scripts.
const SCRIPT_SAMPLE_BYTES: usize = 4 * 1024;
/// How many bytes of the chosen script are given to whatlang (whatlang runs at
/// about 50 MB/s: a bounded sample keeps it from dominating).
const LANG_SAMPLE_BYTES: usize = 600;
/// whatlang first reads this much; only when it is unsure (confidence below
/// [`SURE`]) does it read the full [`LANG_SAMPLE_BYTES`]. Most prose is clear after
/// a few sentences, and whatlang's cost grows with the distinct trigrams it sees.
const FIRST_SAMPLE_BYTES: usize = 240;
/// The confidence at which the first sample's answer is kept.
const SURE: f64 = 0.9;
/// The sample for scripts that decide the language alone (only the confidence is
/// asked of whatlang).
const FIXED_SAMPLE_BYTES: usize = 120;
/// Prose with fewer letters of its main script than this is short: a line or
/// two, where trigrams often point at a wrong language of the script (see
/// [`Language::prefer_declared`]).
pub const SHORT_LETTERS: u64 = 200;

use crate::text::script::ALL as SCRIPTS;
pub use crate::text::Script;

/// How much one letter of a script weighs against one Latin letter: a Han
/// character or a kana carries about as much text as a short Latin word.
fn weight(script: Script) -> u64 {
    match script {
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul => 3,
        _ => 1,
    }
}

/// The language of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// ISO 639-1 code (`ar`, `en`, `zh`, `ja`, `hi`, ...), when one was found.
    pub code: Option<&'static str>,
    /// The main script (`Arabic`, `Latin`, `Han`, `Japanese` for kana with Han, ...).
    pub script: &'static str,
    /// whatlang's confidence (0 to 1) on the sample of the main script.
    pub confidence: f64,
    /// Share of letters of each script, largest first (unweighted counts).
    pub scripts: Vec<(Script, f64)>,
    /// `code` is the declared language, kept because the detection was unsure
    /// on a short text ([`Language::prefer_declared`]).
    pub from_declared: bool,
    /// The detector index of the script family, while the declared language
    /// may still replace the answer (short text, unsure, not decided by the
    /// script or by function words); `None` once the answer stands.
    unsettled: Option<usize>,
}

impl Language {
    /// The script shares as `Arabic:0.82 Latin:0.18`.
    pub fn scripts_string(&self) -> String {
        self.scripts
            .iter()
            .map(|(s, share)| format!("{}:{:.2}", s.name(), share))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The rule for a declared language (front matter `lang`): it replaces the
    /// detected one when the detection is unsure on a short text, that is when
    /// all of these hold:
    /// - the prose has fewer than [`SHORT_LETTERS`] letters of its main script;
    /// - the script family did not decide alone (kana, Han, Hangul, Greek, Thai
    ///   always do) and function words did not decide;
    /// - whatlang's confidence is below 0.9 (its own `is_reliable` threshold);
    /// - the declared language, by its primary subtag (`en-US` is `en`), is one
    ///   of the languages detection chooses among for that script (`fr` for
    ///   Latin text; never `ar` for Latin text).
    ///
    /// Then `code` is the declared language, `from_declared` is set, and
    /// `confidence` stays whatlang's (low) confidence. A sure or long detection
    /// keeps its answer.
    pub fn prefer_declared(mut self, declared: Option<&str>) -> Self {
        let (Some(group), Some(declared)) = (self.unsettled, declared) else {
            return self;
        };
        let primary = declared
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let code = group_langs(group)
            .into_iter()
            .map(iso639_1)
            .find(|c| *c == primary);
        if let Some(code) = code {
            if self.code != Some(code) {
                self.code = Some(code);
                self.from_declared = true;
            }
        }
        self
    }
}

/// Identifies the language of the prose `segments` of `text`.
pub fn detect(text: &str, segments: &[Range<usize>]) -> Language {
    let mut counts = [0u64; SCRIPTS.len()];
    let mut read = 0;
    for r in segments {
        if read >= SCRIPT_SAMPLE_BYTES {
            break;
        }
        let end = floor_char_boundary(text, r.end.min(r.start + SCRIPT_SAMPLE_BYTES - read));
        count_scripts(&text[r.start..end], &mut counts);
        read += end - r.start;
    }
    let total: u64 = counts.iter().sum();
    let mut scripts: Vec<(Script, f64)> = SCRIPTS
        .iter()
        .filter(|s| counts[**s as usize] > 0)
        .map(|&s| (s, counts[s as usize] as f64 / total as f64))
        .collect();
    scripts.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if total == 0 {
        return Language {
            code: None,
            script: "",
            confidence: 0.0,
            scripts,
            from_declared: false,
            unsettled: None,
        };
    }
    let group = main_group(&counts);
    let letters: u64 = (SCRIPTS.iter())
        .filter(|s| group.contains(**s))
        .map(|&s| counts[s as usize])
        .sum();
    let (index, fixed) = group_index(group);
    let detector = &detectors()[index];
    let mut decided = false;
    let info = if fixed.is_some() {
        detector
            .detect(&sample_of(text, segments, group, FIXED_SAMPLE_BYTES))
            .map(|i| (i.lang(), i.confidence()))
    } else {
        let sample = sample_of(text, segments, group, LANG_SAMPLE_BYTES);
        let vote = matches!(
            group,
            Group::Script(Script::Latin | Script::Arabic | Script::Devanagari)
        )
        .then(|| vote(&sample))
        .flatten();
        match vote {
            // Function words alone decide: whatlang is not asked.
            Some(Vote {
                decided: Some(d), ..
            }) => {
                decided = true;
                Some(d)
            }
            vote => {
                let shortlist = vote
                    .filter(|_| group == Group::Script(Script::Latin))
                    .map(|v| Detector::with_allowlist(v.shortlist));
                let detector = shortlist.as_ref().unwrap_or(detector);
                let first = floor_char_boundary(&sample, FIRST_SAMPLE_BYTES);
                match detector.detect(&sample[..first]) {
                    Some(i) if i.confidence() >= SURE || first == sample.len() => Some(i),
                    _ => detector.detect(&sample),
                }
                .map(|i| (i.lang(), i.confidence()))
            }
        }
    };
    let code = fixed
        .or_else(|| info.as_ref().map(|i| iso639_1(i.0)))
        .or(match group {
            Group::Script(Script::Arabic) => Some("ar"),
            Group::Script(Script::Devanagari) => Some("hi"),
            _ => None,
        });
    let confidence = info.as_ref().map_or(0.0, |i| i.1);
    let settled = fixed.is_some()
        || decided
        || confidence >= SURE
        || letters >= SHORT_LETTERS
        || index == ANY_SCRIPT;
    Language {
        code,
        script: group.name(),
        confidence: (confidence * 1000.0).round() / 1000.0,
        scripts,
        from_declared: false,
        unsettled: (!settled).then_some(index),
    }
}

/// The languages whatlang chooses among for a script family, by detector index
/// (see [`group_index`]).
fn group_langs(index: usize) -> Vec<Lang> {
    match index {
        0 => vec![Lang::Jpn],
        1 => vec![Lang::Cmn],
        2 => vec![Lang::Kor],
        3 => vec![Lang::Ara, Lang::Pes, Lang::Urd],
        4 => vec![Lang::Hin, Lang::Mar, Lang::Nep],
        5 => vec![
            Lang::Rus,
            Lang::Ukr,
            Lang::Bul,
            Lang::Bel,
            Lang::Mkd,
            Lang::Srp,
        ],
        6 => vec![Lang::Heb, Lang::Yid],
        7 => vec![Lang::Ell],
        8 => vec![Lang::Tha],
        9 => latin_langs(),
        _ => Lang::all().to_vec(),
    }
}

/// The detector index of the scripts without a list of their own (whatlang
/// weighs every language).
const ANY_SCRIPT: usize = 10;

/// The whatlang detectors, one per script family (built once).
fn detectors() -> &'static [Detector] {
    static DETECTORS: LazyLock<Vec<Detector>> = LazyLock::new(|| {
        (0..ANY_SCRIPT)
            .map(|i| Detector::with_allowlist(group_langs(i)))
            .chain([Detector::new()])
            .collect()
    });
    &DETECTORS
}

/// The detector index of a script family, and the language code when the
/// family alone decides it.
fn group_index(group: Group) -> (usize, Option<&'static str>) {
    match group {
        Group::Japanese => (0, Some("ja")),
        Group::Chinese => (1, Some("zh")),
        Group::Script(Script::Hangul) => (2, Some("ko")),
        Group::Script(Script::Arabic) => (3, None),
        Group::Script(Script::Devanagari) => (4, None),
        Group::Script(Script::Cyrillic) => (5, None),
        Group::Script(Script::Hebrew) => (6, None),
        Group::Script(Script::Greek) => (7, Some("el")),
        Group::Script(Script::Thai) => (8, Some("th")),
        Group::Script(Script::Latin) => (9, None),
        Group::Script(_) => (ANY_SCRIPT, None),
    }
}

/// No script (digits, punctuation, marks), in [`BMP_SCRIPTS`].
const NONE: u8 = u8::MAX;

/// [`Script::of`] for every code point of the Basic Multilingual Plane, as the
/// script's index or [`NONE`]: counting reads every character of the sample.
static BMP_SCRIPTS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    (0..=0xFFFFu32)
        .map(|u| {
            char::from_u32(u)
                .and_then(Script::of)
                .map_or(NONE, |s| s as u8)
        })
        .collect()
});

/// Adds the letters of `s` to `counts`, by script. Works on the UTF-8 bytes
/// directly (ASCII through a table), since it reads every byte of the sample.
fn count_scripts(s: &str, counts: &mut [u64; SCRIPTS.len()]) {
    let bytes = s.as_bytes();
    let mut latin = 0u64;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            latin += u64::from(b.is_ascii_alphabetic());
            i += 1;
            continue;
        }
        let (u, len) = scalar_at(bytes, i);
        let script = match BMP_SCRIPTS.get(u as usize) {
            Some(&k) => k,
            None => char::from_u32(u)
                .and_then(Script::of)
                .map_or(NONE, |s| s as u8),
        };
        if let Some(n) = counts.get_mut(usize::from(script)) {
            *n += 1;
        }
        i += len;
    }
    counts[Script::Latin as usize] += latin;
}

/// The script family a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Japanese,
    Chinese,
    Script(Script),
}

impl Group {
    fn name(self) -> &'static str {
        match self {
            Group::Japanese => "Japanese",
            Group::Chinese => "Han",
            Group::Script(s) => s.name(),
        }
    }

    fn contains(self, s: Script) -> bool {
        match self {
            Group::Japanese => matches!(s, Script::Han | Script::Hiragana | Script::Katakana),
            Group::Chinese => s == Script::Han,
            Group::Script(x) => x == s,
        }
    }
}

/// Picks the script family: the heaviest non-Latin family wins when it weighs at
/// least a quarter of the Latin letters (embedded English is common in translated
/// articles, the reverse is rare); kana decide between Japanese and Chinese.
fn main_group(counts: &[u64; SCRIPTS.len()]) -> Group {
    let c = |s: Script| counts[s as usize];
    let kana = c(Script::Hiragana) + c(Script::Katakana);
    let cjk = c(Script::Han) + kana;
    let mut best = (Group::Script(Script::Latin), 0u64);
    let mut consider = |g: Group, w: u64| {
        if w > best.1 {
            best = (g, w);
        }
    };
    if cjk > 0 {
        let japanese = kana >= 3 && kana * 50 >= cjk;
        consider(
            if japanese {
                Group::Japanese
            } else {
                Group::Chinese
            },
            cjk * weight(Script::Han),
        );
    }
    for s in SCRIPTS {
        if !matches!(
            s,
            Script::Latin | Script::Han | Script::Hiragana | Script::Katakana
        ) {
            consider(Group::Script(s), c(s) * weight(s));
        }
    }
    if best.1 * 4 >= c(Script::Latin) && best.1 > 0 {
        best.0
    } else {
        Group::Script(Script::Latin)
    }
}

/// Up to [`LANG_SAMPLE_BYTES`] of the letters of `group` (with the spaces and
/// punctuation between them), for whatlang.
fn sample_of(text: &str, segments: &[Range<usize>], group: Group, limit: usize) -> String {
    let mut out = String::with_capacity(limit + 4);
    for r in segments {
        for c in text[r.clone()].chars() {
            match Script::of(c) {
                Some(s) if group.contains(s) => out.push(c),
                Some(_) => {}
                None if c.is_ascii_digit() => {}
                None => {
                    if !(c.is_whitespace() && out.ends_with(' ')) {
                        out.push(if c.is_whitespace() { ' ' } else { c });
                    }
                }
            }
            if out.len() >= limit {
                return out;
            }
        }
        if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// Frequent function words of whatlang's Latin-script languages. whatlang's cost
/// grows with the number of candidate languages (it compares 300 trigrams per
/// language), and 36 Latin languages make it the slowest part of a document; the
/// words that occur in a sample narrow the candidates first.
const FUNCTION_WORDS: &[(Lang, &str)] = &[
    (
        Lang::Eng,
        "the and of to is in that for with are this was it on as by from be which have not",
    ),
    (
        Lang::Fra,
        "le la les des et est une du dans que pour sur pas qui au avec sont ce il elle",
    ),
    (
        Lang::Deu,
        "der die und das ist nicht mit den ein eine auf sich von für auch dem des wird zu",
    ),
    (
        Lang::Spa,
        "el los las del que por una con para es se como más pero sus al lo y",
    ),
    (
        Lang::Por,
        "os do da dos das não uma com para que em se mais por ao é um na no",
    ),
    (
        Lang::Ita,
        "il di che della per una sono non con gli del nel anche è un alla le",
    ),
    (
        Lang::Nld,
        "de het een van en is dat niet op met zijn voor ook aan te er",
    ),
    (
        Lang::Cat,
        "el els les del que per una amb és dels però com al la i no",
    ),
    (
        Lang::Ron,
        "și de la în cu pe este că nu un o care din pentru sunt mai",
    ),
    (
        Lang::Pol,
        "i w na z że się nie do jest to jak po od są przez dla",
    ),
    (
        Lang::Ces,
        "a v na je se že to s z do jako pro jsou by ve od",
    ),
    (
        Lang::Slk,
        "a v na je sa že to s z do ako pre sú by od ktoré",
    ),
    (Lang::Slv, "in je na se da za z so v pa ki tudi kot od"),
    (Lang::Hrv, "i je u na se da za su od s kao ili to koji"),
    (
        Lang::Swe,
        "och att det som en är på för med av till inte den har de",
    ),
    (
        Lang::Dan,
        "og at det som en er på for med af til ikke den har de i",
    ),
    (
        Lang::Nob,
        "og at det som en er på for med av til ikke den har de i",
    ),
    (
        Lang::Fin,
        "ja on se että ei ovat oli kuin myös tai joka mutta hän",
    ),
    (Lang::Est, "ja on see et ei oli kui ka või mis aga tema nad"),
    (
        Lang::Hun,
        "a az és hogy nem egy is van meg de már csak mint",
    ),
    (
        Lang::Tur,
        "ve bir bu da de için ile olarak çok daha gibi olan",
    ),
    (Lang::Aze, "və bir bu da də üçün ilə olan çox daha kimi"),
    (Lang::Uzb, "va bir bu ham uchun bilan edi emas ekan lekin"),
    (Lang::Tuk, "we bir bu hem üçin bilen edi däl"),
    (Lang::Lit, "ir kad yra su iš į tai kaip bet jo ne"),
    (Lang::Lav, "un ir ka ar no uz par tas kā bet arī"),
    (
        Lang::Vie,
        "và của là có các không được trong những cho với một người",
    ),
    (
        Lang::Ind,
        "dan yang di untuk dengan ini itu dari dalam tidak akan pada",
    ),
    (Lang::Jav, "lan ing sing karo iku ora kanggo saka wis bisa"),
    (Lang::Tgl, "ang ng sa na at mga ay para hindi ito si"),
    (Lang::Lat, "et est in non ad cum quod sed ut qui esse"),
    (Lang::Epo, "la kaj de en estas la al ke ne por kun"),
    (Lang::Afr, "die en van is in het nie dat op vir met te"),
    (Lang::Zul, "futhi uma ukuthi kodwa kanye lokho abantu"),
    (Lang::Sna, "uye kuti ne mu iye kana asi zvakare"),
    (Lang::Aka, "na wo no ne sɛ yɛ ɛna bi"),
    // Arabic script: Arabic writes و and the article attached, Persian and Urdu
    // use their own kaf and yeh (ک ی), Urdu its yeh barree (ے).
    (
        Lang::Ara,
        "في من على إلى أن عن مع هذا هذه التي الذي كان كانت ما لا هو هي ذلك بين كما أو \
         بعد قبل حيث عند خلال حول منذ حتى لكن أيضا أكثر كل بعض غير قد ثم تم",
    ),
    (
        Lang::Pes,
        "و در به از که این را با است برای آن یک هم تا می شود بود",
    ),
    (Lang::Urd, "کے میں کی ہے اور سے کو کا نے ہیں یہ پر بھی کہ"),
    // Devanagari (words without virama or nukta, which split words here).
    (Lang::Hin, "है हैं में के की का को से और भी यह कि पर ने इस था थे"),
    (Lang::Mar, "आहे आहेत आणि मध्ये करून झाले केले आला"),
    (Lang::Nep, "छ छन र पनि यो गरेको भएको मा लागि"),
];

/// The function-word evidence of a sample (see [`vote`]).
#[derive(Debug)]
struct Vote {
    /// The candidates for whatlang: every language with at least a quarter of the
    /// best count of word hits, and at least three.
    shortlist: Vec<Lang>,
    /// The language, with a confidence, when the words alone decide it: it has the
    /// most hits, and of the words only one language uses, at least
    /// [`DECISIVE_HITS`] and five times any other language's.
    decided: Option<(Lang, f64)>,
}

// Languages are bits of a u64 in `vote`.
const _: () = assert!(FUNCTION_WORDS.len() <= 64);

/// Function-word hits that can decide a language without whatlang.
const DECISIVE_HITS: u32 = 8;

/// Counts the function words of [`FUNCTION_WORDS`] in `sample`; `None` when fewer
/// than three words of any one language occur (then whatlang weighs every
/// candidate of the script). The confidence of a decided language is
/// 1 − runner-up / winner, in words only one language uses.
fn vote(sample: &str) -> Option<Vote> {
    // Word → the languages that use it, as bits of FUNCTION_WORDS indexes.
    static INDEX: LazyLock<HashMap<&'static str, u64, FnvBuild>> = LazyLock::new(|| {
        let mut index = HashMap::default();
        for (k, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            for w in list.split(' ') {
                *index.entry(w).or_insert(0) |= 1u64 << k;
            }
        }
        index
    });
    let mut hits = [0u32; FUNCTION_WORDS.len()];
    // Hits of words that only one language of the table uses.
    let mut own = [0u32; FUNCTION_WORDS.len()];
    let mut lower = String::new();
    // `char::is_alphabetic` searches a table per character; a flat table of the
    // Basic Multilingual Plane answers at once.
    static ALPHABETIC: LazyLock<Vec<bool>> = LazyLock::new(|| {
        (0..=0xFFFFu32)
            .map(|u| char::from_u32(u).is_some_and(char::is_alphabetic))
            .collect()
    });
    let alphabetic = |c: char| match ALPHABETIC.get(c as usize) {
        Some(&a) => a,
        None => c.is_alphabetic(),
    };
    for w in sample.split(|c: char| !alphabetic(c)) {
        if w.is_empty() || w.len() > 12 {
            continue;
        }
        // Most words are lowercase already (and Arabic or Devanagari have no case).
        let w = if w.bytes().any(|b| b.is_ascii_uppercase())
            || (!w.is_ascii() && w.chars().any(char::is_uppercase))
        {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            w
        };
        let mut langs = INDEX.get(w).copied().unwrap_or(0);
        if langs.count_ones() == 1 {
            own[langs.trailing_zeros() as usize] += 1;
        }
        while langs != 0 {
            hits[langs.trailing_zeros() as usize] += 1;
            langs &= langs - 1;
        }
    }
    let best = hits.iter().copied().max().unwrap_or(0);
    if best < 3 {
        return None;
    }
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(hits[k]));
    // Shared words ("a", "to", "in") favour several languages at once: only the
    // words a language has alone can decide it.
    let mut by_own: Vec<usize> = (0..own.len()).collect();
    by_own.sort_by_key(|&k| std::cmp::Reverse(own[k]));
    let (top, runner_up) = (own[by_own[0]], own[by_own[1]]);
    let decided =
        (by_own[0] == order[0] && top >= DECISIVE_HITS && runner_up * 5 <= top).then(|| {
            let lang = FUNCTION_WORDS[order[0]].0;
            (lang, 1.0 - f64::from(runner_up) / f64::from(top))
        });
    Some(Vote {
        shortlist: order
            .iter()
            .enumerate()
            .take_while(|&(rank, &k)| rank < 3 || hits[k] * 4 >= best)
            .map(|(_, &k)| FUNCTION_WORDS[k].0)
            .collect(),
        decided,
    })
}

/// whatlang's languages written in Latin script.
fn latin_langs() -> Vec<Lang> {
    Lang::all()
        .iter()
        .copied()
        .filter(|l| {
            matches!(
                l,
                Lang::Epo
                    | Lang::Eng
                    | Lang::Spa
                    | Lang::Por
                    | Lang::Ita
                    | Lang::Fra
                    | Lang::Deu
                    | Lang::Pol
                    | Lang::Jav
                    | Lang::Nob
                    | Lang::Dan
                    | Lang::Swe
                    | Lang::Fin
                    | Lang::Tur
                    | Lang::Nld
                    | Lang::Hun
                    | Lang::Ces
                    | Lang::Ron
                    | Lang::Slv
                    | Lang::Hrv
                    | Lang::Lit
                    | Lang::Lav
                    | Lang::Est
                    | Lang::Vie
                    | Lang::Uzb
                    | Lang::Aze
                    | Lang::Ind
                    | Lang::Tuk
                    | Lang::Aka
                    | Lang::Zul
                    | Lang::Sna
                    | Lang::Afr
                    | Lang::Lat
                    | Lang::Slk
                    | Lang::Cat
                    | Lang::Tgl
            )
        })
        .collect()
}

/// ISO 639-1 code of a whatlang language (ISO 639-3 where no 639-1 code exists).
pub fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Language {
        let whole = 0..text.len();
        detect(text, std::slice::from_ref(&whole))
    }

    #[test]
    fn scripts_decide_cjk() {
        let ja =
            "DeepSeek-V3 and GPT-4o and Claude 3.7 Sonnet benchmarks: 東京のモデルは高性能です。";
        assert_eq!(lang(ja).code, Some("ja"));
        assert_eq!(
            lang("北京和深圳的人工智能公司发布了新的大模型。").code,
            Some("zh")
        );
        assert_eq!(
            lang("서울의 인공지능 연구소가 새로운 모델을 발표했다").code,
            Some("ko")
        );
    }

    #[test]
    fn arabic_with_embedded_english() {
        let t = "في هانغتشو، تعد DeepSeek AI رائدة في نماذج الذكاء الاصطناعي مفتوحة المصدر مثل DeepSeek-V2";
        let l = lang(t);
        assert_eq!(l.code, Some("ar"));
        assert_eq!(l.script, "Arabic");
        assert!(
            l.scripts_string().starts_with("Arabic:"),
            "{}",
            l.scripts_string()
        );
    }

    #[test]
    fn hindi_and_latin_languages() {
        assert_eq!(
            lang("बीजिंग में, Zhipu AI अपनी GLM श्रृंखला के साथ आगे है और यह बहुत लोकप्रिय है").code,
            Some("hi")
        );
        assert_eq!(
            lang("The quick brown fox jumps over the lazy dog near the river bank.").code,
            Some("en")
        );
        assert_eq!(
            lang("Les laboratoires de Paris publient des modèles ouverts chaque semaine.").code,
            Some("fr")
        );
    }

    #[test]
    fn function_words_narrow_latin_candidates() {
        let en =
            vote("The model was released by the lab in Paris and it is open for all of the users")
                .expect("clear English");
        assert!(en.shortlist.len() >= 3 && en.shortlist.len() < 10, "{en:?}");
        assert_eq!(en.shortlist[0], Lang::Eng);
        let fr =
            vote("Les modèles de la société sont publiés dans le monde et pour les chercheurs")
                .expect("clear French");
        assert_eq!(fr.shortlist[0], Lang::Fra);
        // Too few function words: every Latin language stays a candidate.
        assert!(vote("DeepSeek Qwen Kimi GLM Hunyuan").is_none());
    }

    #[test]
    fn function_words_decide_only_when_clear() {
        let decided = |s: &str| vote(s).and_then(|v| v.decided).map(|d| d.0);
        assert_eq!(
            decided(
                "The model is open and it was trained by the lab in the city of Paris, \
                 which is the home of the company that has the most users for this kind of tool"
            ),
            Some(Lang::Eng)
        );
        // Danish and Norwegian share their function words: whatlang decides.
        assert_eq!(
            decided("det er en model som er til for de mange og den har ikke en stor pris for det"),
            None
        );
        // Too short to decide.
        assert_eq!(decided("The model is open and it is the best"), None);
        assert_eq!(
            decided("أعلنت الشركة في بكين عن نموذج جديد من الذكاء الاصطناعي على أن يكون هذا النموذج مع الذي كان في السوق بين الشركات كما هو"),
            Some(Lang::Ara)
        );
        assert_eq!(
            decided("این مدل در پکن از سوی شرکت به بازار آمد و برای کاربران که با آن کار می کنند یک ابزار است و هم تا"),
            Some(Lang::Pes)
        );
        assert_eq!(
            decided(
                "यह मॉडल बीजिंग में बना है और इस के बारे में कंपनी ने कहा कि यह सबसे अच्छा है और भी कई मॉडल हैं"
            ),
            Some(Lang::Hin)
        );
    }

    #[test]
    fn decided_languages_reach_the_document() {
        let fa = lang("این مدل در پکن از سوی شرکت به بازار آمد و برای کاربران که با آن کار می کنند یک ابزار است و هم تا");
        assert_eq!(fa.code, Some("fa"));
        assert!(fa.confidence > 0.8 && fa.confidence <= 1.0, "{fa:?}");
        let ar = lang("أعلنت الشركة في بكين عن نموذج جديد من الذكاء الاصطناعي على أن يكون هذا النموذج مع الذي كان في السوق بين الشركات كما هو");
        assert_eq!(ar.code, Some("ar"));
    }

    #[test]
    fn declared_language_wins_on_short_unsure_text() {
        // One line each: whatlang alone reads them as other Latin languages.
        for (text, declared) in [
            ("Baidu ships Ernie in Beijing.", "en"),
            ("Zhipu AI raised money again.", "en-US"),
            ("Huawei présente ses puces Ascend.", "fr"),
            ("Nouvelle version de Kimi chez Moonshot.", "FR"),
        ] {
            let raw = lang(text);
            let primary = &declared[..2].to_ascii_lowercase();
            assert_ne!(raw.code, Some(primary.as_str()), "{text}: {raw:?}");
            let l = raw.clone().prefer_declared(Some(declared));
            assert_eq!(l.code, Some(primary.as_str()), "{text}: {l:?}");
            assert!(l.from_declared);
            assert_eq!(
                l.confidence, raw.confidence,
                "the confidence stays whatlang's"
            );
        }
    }

    #[test]
    fn a_sure_long_or_other_script_detection_keeps_its_answer() {
        // Function words decide (short but sure).
        let sure = "The model is open and it was trained by the lab in the city of Paris, \
                    which is the home of the company that has the most users for this kind of tool";
        let l = lang(sure).prefer_declared(Some("fr"));
        assert_eq!((l.code, l.from_declared), (Some("en"), false));
        // Long prose, however unsure.
        let long = "Baidu ships Ernie in Beijing. ".repeat(12);
        let l = lang(&long).prefer_declared(Some("fr"));
        assert_ne!(l.code, Some("fr"), "{l:?}");
        assert!(!l.from_declared);
        // A declared language of another script.
        let l = lang("Baidu ships Ernie in Beijing.").prefer_declared(Some("ar"));
        assert!(!l.from_declared && l.code != Some("ar"), "{l:?}");
        // The script decides: Japanese stays Japanese.
        let l = lang("テンセントの混元").prefer_declared(Some("zh"));
        assert_eq!((l.code, l.from_declared), (Some("ja"), false));
        // The same language declared: nothing to replace.
        let l = lang("Les laboratoires de Paris publient des modèles ouverts chaque semaine.")
            .prefer_declared(Some("fr"));
        assert_eq!((l.code, l.from_declared), (Some("fr"), false));
    }

    #[test]
    fn short_arabic_script_takes_the_declared_arabic() {
        // Read as Persian by whatlang alone.
        let raw = lang("بايدو تكشف إرني");
        assert_eq!(raw.code, Some("fa"), "{raw:?}");
        let l = raw.clone().prefer_declared(Some("ar"));
        assert_eq!(l.code, Some("ar"), "{raw:?}");
    }

    #[test]
    fn empty_prose_has_no_language() {
        let l = lang("1234 !!");
        assert_eq!(l.code, None);
        assert_eq!(l.confidence, 0.0);
    }
}
