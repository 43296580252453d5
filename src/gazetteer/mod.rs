//! The gazetteer: entities and their aliases, loaded from CSV files.
//!
//! A gazetteer is data that people edit in a spreadsheet (see gazetteer/README.md
//! for the format). This module parses and validates the rows into [`Gazetteer`]
//! values and embeds the default files in the binary; every entity keeps its
//! [`Origin`] (file and line). It also finds what spans files: broken
//! references (with a hint when the id is in the built-in set) and aliases that
//! name entities of different files ([`Clash`]). It does not match text:
//! [`crate::matcher::Matcher`] compiles a gazetteer into an automaton. Loading for
//! a run (default plus extra files) is `crate::load_gazetteer`.

pub mod check;
pub mod geonames;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Error, Result};

/// The default gazetteer files, embedded at build time: (file name, contents).
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "gazetteer/cities.csv",
        include_str!("../../gazetteer/cities.csv"),
    ),
    (
        "gazetteer/companies.csv",
        include_str!("../../gazetteer/companies.csv"),
    ),
    (
        "gazetteer/models.csv",
        include_str!("../../gazetteer/models.csv"),
    ),
    (
        "gazetteer/products.csv",
        include_str!("../../gazetteer/products.csv"),
    ),
];

/// The world cities, embedded at build time: every GeoNames place of at least
/// 15,000 people (the cities15000 set) with its alternate names, as a gazetteer
/// CSV compressed with gzip; `scripts/world.sh` regenerates it. GeoNames data,
/// CC BY 4.0 (<https://www.geonames.org/>).
pub const WORLD_FILE: (&str, &[u8]) = (
    "gazetteer/world/cities15000.csv.gz",
    include_bytes!("../../gazetteer/world/cities15000.csv.gz"),
);

/// Which built-in gazetteer a run starts from (before its `--gazetteer` files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Builtin {
    /// None (`--no-default-gazetteer`).
    None,
    /// The curated entities of gazetteer/*.csv.
    #[default]
    Curated,
    /// The curated entities, then the world cities ([`WORLD_FILE`]), which yield
    /// to them: a world place with a curated city's `geonameid` is left out, and
    /// so is a world alias that a curated entity has.
    World,
}

impl Builtin {
    /// From the command line's flags: `--no-default-gazetteer` wins.
    pub fn from_flags(no_default: bool, world: bool) -> Self {
        match (no_default, world) {
            (true, _) => Builtin::None,
            (false, false) => Builtin::Curated,
            (false, true) => Builtin::World,
        }
    }
}

/// The largest gazetteer file that is read (1 GiB: the whole GeoNames dump
/// imported is a few hundred MB).
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// The types gazette's rules know. An id whose prefix is one of them must have
/// that type (`company:x` is a company).
pub const KNOWN_TYPES: &[&str] = &["city", "company", "model", "product"];

/// The columns with a meaning of their own; any other column is an attribute.
const ALIAS_COLUMNS: &[&str] = &["aliases", "ar", "zh", "ja", "hi", "other"];
const RULE_COLUMNS: &[&str] = &["exact", "ambiguous", "context", "exclude"];
const KEY_COLUMNS: &[&str] = &["id", "type", "name"];

/// Where an entity was defined: a gazetteer file and a line of it. Written
/// `file:line`, as in error messages and `gazette gazetteer check`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file as it was named when loaded (`gazetteer/cities.csv` for the
    /// embedded files, the path given otherwise); shared by its rows.
    pub file: Arc<str>,
    /// The 1-based line where the row starts (0 if unknown).
    pub line: u64,
}

impl Origin {
    /// A gazetteer error at this origin.
    pub fn error(&self, message: impl fmt::Display) -> Error {
        Error::gazetteer(&self.file, self.line, message)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How an alias may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AliasRule {
    /// Matches in any case (after normalization).
    Plain,
    /// Matches only as written (case-sensitive).
    Exact,
    /// Matches only as written, and only when the document confirms the sense.
    Ambiguous,
    /// A longer phrase that contains an alias but does not name the entity.
    Exclude,
    /// A context cue word that confirms the entity's ambiguous aliases.
    Cue,
}

/// One alias of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the gazetteer.
    pub text: String,
    /// How it may match.
    pub rule: AliasRule,
}

/// The type of an entity: one of the four types gazette's rules know, or any
/// other lowercase word a gazetteer file names (kept and written as is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// `city`: places (GeoNames populated places included).
    City,
    /// `company`.
    Company,
    /// `model`: AI models; versions after their names extend a mention.
    Model,
    /// `product`.
    Product,
    /// Any other type (a lowercase word).
    Other(Box<str>),
}

impl EntityType {
    /// The type named by `word` (the gazetteer's `type` column).
    pub fn parse(word: &str) -> Self {
        match word {
            "city" => EntityType::City,
            "company" => EntityType::Company,
            "model" => EntityType::Model,
            "product" => EntityType::Product,
            other => EntityType::Other(other.into()),
        }
    }

    /// The type as written in gazetteers and outputs.
    pub fn as_str(&self) -> &str {
        match self {
            EntityType::City => "city",
            EntityType::Company => "company",
            EntityType::Model => "model",
            EntityType::Product => "product",
            EntityType::Other(s) => s,
        }
    }

    /// Companies, models and products: the technology types that confirm each
    /// other's ambiguous names.
    pub fn is_tech(&self) -> bool {
        matches!(
            self,
            EntityType::Company | EntityType::Model | EntityType::Product
        )
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entity: a city, company, model or product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable identifier, e.g. `city:beijing`.
    pub id: String,
    /// The type: city, company, model, product, or another word.
    pub kind: EntityType,
    /// The canonical English name.
    pub name: String,
    /// Every alias, the canonical name included (unless it is exact or ambiguous).
    pub aliases: Vec<Alias>,
    /// Entity ids listed in the `context` column (confirm ambiguous aliases).
    pub context_ids: Vec<String>,
    /// Attributes in column order: country, city, developer, family and any extra column.
    pub attributes: Vec<(String, String)>,
    /// Where the row was defined.
    pub origin: Origin,
}

impl Entity {
    /// The value of an attribute column, if present and not empty.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Whether this entity has ambiguous aliases.
    pub fn has_ambiguous(&self) -> bool {
        self.aliases.iter().any(|a| a.rule == AliasRule::Ambiguous)
    }
}

/// A set of entities with unique ids, in the order they were loaded.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// Names of the attribute columns seen, in first-seen order.
    attribute_names: Vec<String>,
    /// Warnings of the run's loader (see [`Gazetteer::warnings`]).
    warnings: Vec<String>,
}

/// One side of a [`Clash`]: an entity and its alias as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashSide {
    /// The entity's id.
    pub id: String,
    /// The alias as its row writes it.
    pub alias: String,
    /// The entity's row.
    pub origin: Origin,
}

/// An alias that names two entities defined in different files (the same text
/// after normalization): `first` loaded before `second`, which introduced the
/// clash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The alias, normalized.
    pub key: String,
    /// The entity loaded first.
    pub first: ClashSide,
    /// The entity loaded later, whose row made the clash.
    pub second: ClashSide,
}

impl fmt::Display for Clash {
    /// `FILE:LINE: warning: ...`, blamed on the later row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: warning: alias `{}` of {} also names {} (`{}`, {}): where it occurs, \
             both are mentioned",
            self.second.origin,
            self.second.alias,
            self.second.id,
            self.first.id,
            self.first.alias,
            self.first.origin,
        )
    }
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The embedded default gazetteer.
    pub fn default_embedded() -> Result<Self> {
        let mut g = Gazetteer::new();
        for (name, text) in DEFAULT_FILES {
            g.add_csv(name, text)?;
        }
        Ok(g)
    }

    /// The built-in gazetteer `which` names.
    pub fn builtin(which: Builtin) -> Result<Self> {
        match which {
            Builtin::None => Ok(Gazetteer::new()),
            Builtin::Curated => Gazetteer::default_embedded(),
            Builtin::World => {
                let mut g = Gazetteer::default_embedded()?;
                g.add_world()?;
                Ok(g)
            }
        }
    }

    /// Adds the world cities ([`WORLD_FILE`]) so that they yield to what is
    /// loaded already: a place whose `geonameid` an entity of the same type has
    /// is left out, and so is an alias whose normalized key an entity has.
    pub fn add_world(&mut self) -> Result<()> {
        use std::collections::HashSet;
        use std::io::Read;
        let (name, gz) = WORLD_FILE;
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .map_err(|e| Error::gazetteer(name, 0, format!("cannot decompress: {e}")))?;
        let places: HashSet<(String, String)> = self
            .entities
            .iter()
            .filter_map(|e| {
                Some((
                    e.kind.as_str().to_string(),
                    e.attribute("geonameid")?.to_string(),
                ))
            })
            .collect();
        let keys: HashSet<u64> = self
            .entities
            .iter()
            .flat_map(|e| e.aliases.iter())
            .filter(|a| !matches!(a.rule, AliasRule::Exclude | AliasRule::Cue))
            .map(|a| alias_hash(&a.text))
            .collect();
        let csv_name = name.trim_end_matches(".gz");
        self.add_csv_with(csv_name, &text, &mut |e| {
            if let Some(id) = e.attribute("geonameid") {
                if places.contains(&(e.kind.as_str().to_string(), id.to_string())) {
                    return false;
                }
            }
            e.aliases.retain(|a| {
                matches!(a.rule, AliasRule::Exclude | AliasRule::Cue)
                    || !keys.contains(&alias_hash(&a.text))
            });
            true
        })
    }

    /// Adds the rows of a gazetteer file read from disk: a regular file (a FIFO
    /// or a device is refused before it is opened) of at most
    /// [`MAX_FILE_SIZE`] bytes (never more is read).
    pub fn add_file(&mut self, path: &Path) -> Result<()> {
        use std::io::Read;
        let name = path.display().to_string();
        let cannot = |e: std::io::Error| Error::gazetteer(&name, 0, format!("cannot read: {e}"));
        let too_big = |len: u64| {
            Error::gazetteer(
                &name,
                0,
                format!(
                    "file is {len} bytes, larger than a gazetteer may be ({MAX_FILE_SIZE} bytes)"
                ),
            )
        };
        let meta = std::fs::metadata(path).map_err(cannot)?;
        if let Some(kind) = crate::discover::special_kind(&meta.file_type()) {
            return Err(Error::gazetteer(
                &name,
                0,
                format!("not a regular file ({kind})"),
            ));
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(too_big(meta.len()));
        }
        let file = std::fs::File::open(path).map_err(cannot)?;
        let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
        file.take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return Err(too_big(bytes.len() as u64));
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            Error::gazetteer(&name, line, "not valid UTF-8 (save the CSV as UTF-8)")
        })?;
        self.add_csv(&name, text)
    }

    /// Adds the rows of one CSV text; `source` names it in error messages.
    pub fn add_csv(&mut self, source: &str, text: &str) -> Result<()> {
        self.add_csv_with(source, text, &mut |_| true)
    }

    /// [`Gazetteer::add_csv`], with `keep` deciding on (and trimming) each
    /// parsed entity before it is added.
    fn add_csv_with(
        &mut self,
        source: &str,
        text: &str,
        keep: &mut dyn FnMut(&mut Entity) -> bool,
    ) -> Result<()> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(source, &e))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        for key in KEY_COLUMNS {
            if !headers.iter().any(|h| h == key) {
                return Err(Error::gazetteer(
                    source,
                    1,
                    format!(
                        "missing required column `{key}` (header: {})",
                        headers.join(",")
                    ),
                ));
            }
        }
        let file: Arc<str> = Arc::from(source);
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(source, &e))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let row: Vec<(&str, &str)> = headers
                .iter()
                .map(String::as_str)
                .zip(record.iter().map(str::trim))
                .collect();
            let origin = Origin {
                file: Arc::clone(&file),
                line,
            };
            let mut entity = parse_row(&row, origin)?;
            if keep(&mut entity) {
                self.insert(entity)?;
            }
        }
        Ok(())
    }

    fn insert(&mut self, entity: Entity) -> Result<()> {
        if let Some(&i) = self.by_id.get(&entity.id) {
            return Err(entity.origin.error(format_args!(
                "duplicate id `{}` (first defined at {})",
                entity.id, self.entities[i].origin
            )));
        }
        for (k, _) in &entity.attributes {
            if !self.attribute_names.contains(k) {
                self.attribute_names.push(k.clone());
            }
        }
        self.by_id.insert(entity.id.clone(), self.entities.len());
        self.entities.push(entity);
        Ok(())
    }

    /// Checks that attribute references (`city`, `developer`, `family`) and context
    /// ids point at known entities; the error is the first problem of
    /// [`Gazetteer::reference_problems`].
    pub fn validate_references(&self) -> Result<()> {
        match self.reference_problems().into_iter().next() {
            Some((origin, message)) => Err(origin.error(message)),
            None => Ok(()),
        }
    }

    /// Every broken reference, in load order: the row that makes it and the
    /// message (naming the column, the id and the entity; when the id is defined
    /// in the built-in gazetteer, which this one leaves out, where it is).
    pub fn reference_problems(&self) -> Vec<(Origin, String)> {
        let mut problems = Vec::new();
        for e in &self.entities {
            let refs = ["city", "developer", "family"]
                .into_iter()
                .filter_map(|key| e.attribute(key).map(|v| (key, v)))
                .chain(e.context_ids.iter().map(|id| ("context", id.as_str())));
            for (key, id) in refs {
                if self.by_id.contains_key(id) {
                    continue;
                }
                let mut message =
                    format!("`{key}` refers to unknown id `{id}` (entity `{}`)", e.id);
                if let Some(origin) = builtin_origin(id) {
                    message.push_str(&format!(
                        "; `{id}` is in the built-in gazetteer ({origin}), which \
                         --no-default-gazetteer leaves out: copy its row into your file, \
                         or drop --no-default-gazetteer"
                    ));
                }
                problems.push((e.origin.clone(), message));
            }
        }
        problems
    }

    /// Every normalized alias that names two or more entities, with those
    /// entities (in load order, each once) and the alias as written by each;
    /// sorted by alias. Exclusions and context cues do not name an entity.
    pub fn shared_aliases(&self) -> Vec<(String, Vec<(usize, &str)>)> {
        use crate::normalize::normalize_str;
        // Hashes of the normalized aliases, not the aliases themselves: 16 bytes
        // an alias (a GeoNames gazetteer has hundreds of thousands); only the few
        // that share a hash are normalized again and compared.
        let mut keyed: Vec<(u64, u32, u32)> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            for (k, a) in e.aliases.iter().enumerate() {
                if !matches!(a.rule, AliasRule::Exclude | AliasRule::Cue) {
                    keyed.push((alias_hash(&a.text), i as u32, k as u32));
                }
            }
        }
        keyed.sort_unstable();
        let mut shared = Vec::new();
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            if run.iter().all(|x| x.1 == run[0].1) {
                continue;
            }
            let mut by_key: std::collections::BTreeMap<String, Vec<(usize, &str)>> =
                std::collections::BTreeMap::new();
            for &(_, i, k) in run {
                let (i, text) = (
                    i as usize,
                    self.entities[i as usize].aliases[k as usize].text.as_str(),
                );
                let owners = by_key.entry(normalize_str(text, true)).or_default();
                if owners.last().is_none_or(|(j, _)| *j != i) {
                    owners.push((i, text));
                }
            }
            shared.extend(by_key.into_iter().filter(|(_, v)| v.len() > 1));
        }
        shared.sort();
        shared
    }

    /// The aliases that name entities of different files: one [`Clash`] per
    /// pair of such entities, sorted by the later row (file in load order, then
    /// line), then alias.
    pub fn clashes(&self) -> Vec<Clash> {
        let side = |i: usize, alias: &str| {
            let e = &self.entities[i];
            ClashSide {
                id: e.id.clone(),
                alias: alias.to_string(),
                origin: e.origin.clone(),
            }
        };
        let mut clashes = Vec::new();
        for (key, owners) in self.shared_aliases() {
            for (n, &(j, later)) in owners.iter().enumerate() {
                for &(i, earlier) in &owners[..n] {
                    if self.entities[i].origin.file == self.entities[j].origin.file {
                        continue;
                    }
                    clashes.push((
                        j,
                        Clash {
                            key: key.clone(),
                            first: side(i, earlier),
                            second: side(j, later),
                        },
                    ));
                }
            }
        }
        // Entities are in load order: files first to last, lines in order.
        clashes.sort_by(|(a, x), (b, y)| (a, &x.key).cmp(&(b, &y.key)));
        clashes.into_iter().map(|(_, c)| c).collect()
    }

    /// Warnings of the loader of a run (`gazette::load_gazetteer`): one line
    /// `FILE:LINE: warning: ...` per [`Clash`] between its files. Empty for a
    /// gazetteer built otherwise.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Records the clashes between files as [`Gazetteer::warnings`] (when more
    /// than the built-in files are loaded: those have none, a test makes sure).
    pub(crate) fn note_clashes(&mut self) {
        let builtin = |f: &str| {
            DEFAULT_FILES.iter().any(|(name, _)| *name == f)
                || f == WORLD_FILE.0.trim_end_matches(".gz")
        };
        if self.entities.iter().all(|e| builtin(&e.origin.file)) {
            return;
        }
        self.warnings = self.clashes().iter().map(ToString::to_string).collect();
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The index of the entity with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.index_of(id).map(|i| &self.entities[i])
    }

    /// The attribute column names seen in any file, in first-seen order.
    pub fn attribute_names(&self) -> &[String] {
        &self.attribute_names
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

/// The 64-bit hash of an alias's normalized key: two aliases with the same
/// key name the same text in a document.
fn alias_hash(alias: &str) -> u64 {
    crate::text::fnv::fnv1a(crate::normalize::normalize_str(alias, true).as_bytes())
}

/// Where the built-in gazetteer defines `id`, if it does (parsed once, on the
/// first broken reference).
fn builtin_origin(id: &str) -> Option<Origin> {
    static BUILTIN: std::sync::LazyLock<HashMap<String, Origin>> = std::sync::LazyLock::new(|| {
        Gazetteer::default_embedded()
            .map(|g| (g.entities.into_iter()).map(|e| (e.id, e.origin)).collect())
            .unwrap_or_default()
    });
    BUILTIN.get(id).cloned()
}

fn csv_error(source: &str, err: &csv::Error) -> Error {
    let line = err.position().map_or(0, |p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("malformed row: {len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (save the CSV as UTF-8)".to_string(),
        _ => format!("malformed CSV: {err}"),
    };
    Error::gazetteer(source, line, message)
}

/// Splits a `|`-separated cell into trimmed, non-empty items.
pub fn split_cell(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Whether `id` has the `type:slug` form with a lowercase ASCII slug.
fn valid_id(id: &str) -> bool {
    match id.split_once(':') {
        Some((t, slug)) => {
            !t.is_empty()
                && !slug.is_empty()
                && t.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
        }
        None => false,
    }
}

fn parse_row<'r>(row: &[(&'r str, &'r str)], origin: Origin) -> Result<Entity> {
    let get =
        |key: &str| -> &'r str { row.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| *v) };
    let err = |m: String| origin.error(m);
    let id = get("id");
    let kind = get("type");
    let name = get("name");
    if id.is_empty() || kind.is_empty() || name.is_empty() {
        return Err(err("`id`, `type` and `name` must not be empty".into()));
    }
    if !valid_id(id) {
        return Err(err(format!(
            "id `{id}` is not of the form type:slug (lowercase ASCII, digits, - _ .)"
        )));
    }
    if !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return Err(err(format!("type `{kind}` must be a lowercase word")));
    }
    if let Some((prefix, _)) = id.split_once(':') {
        if prefix != kind && KNOWN_TYPES.contains(&prefix) {
            return Err(err(format!(
                "id `{id}` names type `{prefix}` but the row's type is `{kind}`: \
                 an id that starts with city:, company:, model: or product: must have that type"
            )));
        }
    }
    let mut aliases: Vec<Alias> = Vec::new();
    // Duplicates are found by hashing: a cell may hold a million aliases.
    let mut seen: std::collections::HashSet<(&'r str, AliasRule)> =
        std::collections::HashSet::new();
    let mut push = |text: &'r str, rule: AliasRule| {
        if seen.insert((text, rule)) {
            aliases.push(Alias {
                text: text.to_string(),
                rule,
            });
        }
    };
    let exact: Vec<&str> = split_cell(get("exact")).collect();
    let ambiguous: Vec<&str> = split_cell(get("ambiguous")).collect();
    if !exact.contains(&name) && !ambiguous.contains(&name) {
        push(name, AliasRule::Plain);
    }
    for col in ALIAS_COLUMNS {
        for a in split_cell(get(col)) {
            push(a, AliasRule::Plain);
        }
    }
    for a in exact {
        push(a, AliasRule::Exact);
    }
    for a in ambiguous {
        push(a, AliasRule::Ambiguous);
    }
    for a in split_cell(get("exclude")) {
        push(a, AliasRule::Exclude);
    }
    let mut context_ids = Vec::new();
    for a in split_cell(get("context")) {
        if valid_id(a) && !a.contains(' ') {
            context_ids.push(a.to_string());
        } else {
            push(a, AliasRule::Cue);
        }
    }
    for a in &aliases {
        if crate::normalize::normalize_str(&a.text, true).is_empty() {
            return Err(err(format!(
                "alias `{}` is empty after normalization",
                a.text
            )));
        }
    }
    let attributes = row
        .iter()
        .filter(|(k, _)| {
            !KEY_COLUMNS.contains(k) && !ALIAS_COLUMNS.contains(k) && !RULE_COLUMNS.contains(k)
        })
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Ok(Entity {
        id: id.to_string(),
        kind: EntityType::parse(kind),
        name: name.to_string(),
        aliases,
        context_ids,
        attributes,
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,type,name,aliases,ar,zh,ja,hi,other,exact,ambiguous,context,exclude,country,city,developer,family\n";

    #[test]
    fn loads_rows_with_aliases_rules_and_attributes() {
        let csv = format!(
            "{HEADER}city:beijing,city,Beijing,Peking,بكين,北京,北京,बीजिंग,,,,,,CN,,,\n\
             company:apple,company,Apple,Apple Inc.,,,,,,,Apple,iPhone|city:beijing,Apple pie,US,,,\n"
        );
        let mut g = Gazetteer::new();
        g.add_csv("t.csv", &csv).unwrap();
        assert_eq!(g.len(), 2);
        let b = g.get("city:beijing").unwrap();
        assert_eq!(b.aliases.len(), 5);
        assert_eq!(b.attribute("country"), Some("CN"));
        let a = g.get("company:apple").unwrap();
        assert!(!a
            .aliases
            .iter()
            .any(|x| x.text == "Apple" && x.rule == AliasRule::Plain));
        assert!(a
            .aliases
            .iter()
            .any(|x| x.text == "Apple" && x.rule == AliasRule::Ambiguous));
        assert!(a
            .aliases
            .iter()
            .any(|x| x.text == "iPhone" && x.rule == AliasRule::Cue));
        assert_eq!(a.context_ids, vec!["city:beijing".to_string()]);
        assert!(a
            .aliases
            .iter()
            .any(|x| x.text == "Apple pie" && x.rule == AliasRule::Exclude));
        g.validate_references().unwrap();
    }

    #[test]
    fn malformed_row_names_file_and_line() {
        let csv = format!("{HEADER}city:a,city,A\ncity:b,city,B,,,,,,,,,,,,,,\n");
        let e = Gazetteer::new().add_csv("g.csv", &csv).unwrap_err();
        assert!(e.to_string().starts_with("g.csv:2:"), "{e}");
        assert!(e.to_string().contains("fields"), "{e}");
    }

    #[test]
    fn duplicate_ids_and_bad_references_are_errors() {
        let csv = format!("{HEADER}city:a,city,A,,,,,,,,,,,,,,\ncity:a,city,A2,,,,,,,,,,,,,,\n");
        let e = Gazetteer::new().add_csv("g.csv", &csv).unwrap_err();
        assert!(e.to_string().contains("duplicate id `city:a`"), "{e}");
        assert!(e.to_string().starts_with("g.csv:3:"), "{e}");

        let csv = format!("{HEADER}model:m,model,M,,,,,,,,,,,,,company:nope,\n");
        let mut g = Gazetteer::new();
        g.add_csv("g.csv", &csv).unwrap();
        let e = g.validate_references().unwrap_err();
        assert!(e.to_string().contains("company:nope"), "{e}");
        assert!(e.to_string().starts_with("g.csv:2:"), "{e}");
    }

    #[test]
    fn missing_column_and_bad_id_are_errors() {
        let e = Gazetteer::new()
            .add_csv("g.csv", "id,name\nx:y,Y\n")
            .unwrap_err();
        assert!(e.to_string().contains("`type`"), "{e}");
        let csv = format!("{HEADER}Beijing,city,Beijing,,,,,,,,,,,,,,\n");
        let e = Gazetteer::new().add_csv("g.csv", &csv).unwrap_err();
        assert!(e.to_string().contains("type:slug"), "{e}");
    }

    #[test]
    fn an_id_with_a_type_prefix_must_have_that_type() {
        let csv = format!("{HEADER}company:acme,organisation,Acme,,,,,,,,,,,,,,\n");
        let e = Gazetteer::new().add_csv("g.csv", &csv).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "g.csv:2: id `company:acme` names type `company` but the row's type is `organisation`"
            ),
            "{e}"
        );
        // A prefix that is not one of the four types is free, as is a matching one.
        let csv = format!(
            "{HEADER}org:acme,organisation,Acme,,,,,,,,,,,,,,\n\
             place:gn1,place,Somewhere,,,,,,,,,,,,,,\ncity:x,city,Xland,,,,,,,,,,,,,,\n"
        );
        Gazetteer::new().add_csv("g.csv", &csv).unwrap();
    }

    #[test]
    fn clashes_are_between_files_and_blame_the_later_row() {
        let mut g = Gazetteer::new();
        g.add_csv(
            "a.csv",
            &format!("{HEADER}city:a,city,Aville,Shared,,,,,,,,,,,,,\ncity:a2,city,Atown,Alike,,,,,,,,,,,,,\n"),
        )
        .unwrap();
        // Within a.csv, `Alike` would be a clash of its own rows: not a clash
        // between files. b.csv brings `SHARED` (the same after folding).
        g.add_csv(
            "b.csv",
            &format!("{HEADER}city:b,city,Bville,SHARED,,,,,,,,,,,,,\ncity:b2,city,Btown,,,,,,,,,,,,,,\n"),
        )
        .unwrap();
        let c = g.clashes();
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].key, "shared");
        assert_eq!(
            (c[0].first.id.as_str(), c[0].second.id.as_str()),
            ("city:a", "city:b")
        );
        assert_eq!(
            c[0].to_string(),
            "b.csv:2: warning: alias `SHARED` of city:b also names city:a (`Shared`, a.csv:2): \
             where it occurs, both are mentioned"
        );
        assert!(g.warnings().is_empty(), "only the loader records warnings");
        g.note_clashes();
        assert_eq!(g.warnings(), [c[0].to_string()]);
    }

    #[test]
    fn the_built_in_files_do_not_clash() {
        let mut g = Gazetteer::default_embedded().unwrap();
        assert!(g.clashes().is_empty(), "{:#?}", g.clashes());
        g.note_clashes();
        assert!(g.warnings().is_empty());
    }

    #[test]
    fn a_broken_reference_says_when_the_id_is_built_in() {
        let csv = format!("{HEADER}company:x,company,Xco,,,,,,,,,,,,city:beijing,,\n");
        let mut g = Gazetteer::new();
        g.add_csv("mine.csv", &csv).unwrap();
        let e = g.validate_references().unwrap_err().to_string();
        assert!(
            e.starts_with(
                "mine.csv:2: `city` refers to unknown id `city:beijing` (entity `company:x`); \
                 `city:beijing` is in the built-in gazetteer (gazetteer/cities.csv:2)"
            ),
            "{e}"
        );
    }

    #[test]
    fn origins_are_file_and_line() {
        let csv = format!("{HEADER}city:a,city,A,,,,,,,,,,,,,,\ncity:b,city,B,,,,,,,,,,,,,,\n");
        let mut g = Gazetteer::new();
        g.add_csv("dir/g.csv", &csv).unwrap();
        let (a, b) = (
            &g.get("city:a").unwrap().origin,
            &g.get("city:b").unwrap().origin,
        );
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("dir/g.csv:2".into(), "dir/g.csv:3".into())
        );
        assert!(
            std::sync::Arc::ptr_eq(&a.file, &b.file),
            "one file name per file"
        );
        assert_eq!(a.error("no").to_string(), "dir/g.csv:2: no");
    }

    #[test]
    fn default_gazetteer_loads_and_validates() {
        let g = Gazetteer::default_embedded().unwrap();
        g.validate_references().unwrap();
        assert!(g.len() >= 100);
    }

    #[test]
    fn a_cell_with_many_aliases_loads_in_linear_time() {
        let aliases: Vec<String> = (0..200_000).map(|i| format!("Zq{i}x")).collect();
        let csv = format!(
            "id,type,name,aliases\ncity:z,city,Zed,{}|Zq1x\n",
            aliases.join("|")
        );
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut g = Gazetteer::new();
            let _ = tx.send(g.add_csv("big.csv", &csv).map(|()| g));
        });
        let g = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("200,000 aliases took more than 20 s to load")
            .unwrap();
        // The name, every alias once (the repeated one dropped).
        assert_eq!(g.get("city:z").unwrap().aliases.len(), 200_001);
    }

    #[cfg(unix)]
    #[test]
    fn gazetteer_files_must_be_regular_files() {
        // A FIFO with no writer would block the load forever: ask in a thread.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("g.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let (tx, rx) = std::sync::mpsc::channel();
            let path = fifo.clone();
            std::thread::spawn(move || {
                let _ = tx.send(Gazetteer::new().add_file(&path).map_err(|e| e.to_string()));
            });
            let e = rx
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("loading a FIFO did not return within 10 s")
                .unwrap_err();
            assert!(e.ends_with("g.csv: not a regular file (FIFO)"), "{e}");
        }
        // (`/dev/zero` is refused the same way before it is opened; it is run
        // end to end in tests/bad_inputs.rs, where a process can be killed.)
        let e = Gazetteer::new().add_file(dir.path()).unwrap_err();
        assert!(
            e.to_string().ends_with(": not a regular file (folder)"),
            "{e}"
        );
    }
}
