//! The YAML side of [`super::HostConfig`], for hosts such as Threat Bus whose `config.yaml`
//! holds a section per plugin (YAML 1.2.2, <https://yaml.org/spec/1.2.2/>).
//!
//! # How the file is edited
//!
//! Two maintained crates do the work, each for what it is good at:
//!
//! - [`yaml_edit`] (a lossless, rowan-based syntax tree) makes the edits: it inserts and removes
//!   mapping entries in place, in the indentation of the mapping, keeping every comment, blank
//!   line and quoting style around them, in block and in flow mappings.
//! - [`saphyr_parser`] (a YAML 1.2 parser that passes the YAML test suite) checks the file:
//!   `yaml-edit` recovers from errors and reads invalid YAML such as `a: b: c` without
//!   complaint, so the file is validated, and read into values, with `saphyr-parser`.
//!
//! The file is never written from a parsed model (no serde round trip). Every edit is checked
//! before it is accepted: the new text must parse, its section must read as the old section
//! plus the added defaults (or be gone, on removal), and everything outside the entry being
//! edited must be byte for byte what it was. If any of that fails, the edit is refused
//! ([`HostConfigError::NotLossless`]) and nothing is written.
//!
//! # What is refused
//!
//! With [`HostConfigError::File`]: invalid YAML (with its line and column), a file of several
//! documents, a top level that is not a mapping. With [`HostConfigError::NotATable`]: a key on
//! the section's path that holds a scalar or a sequence. With
//! [`HostConfigError::NotLossless`]: an anchor, alias or tag on the section's path or on a
//! mapping that gets keys (the edit would reach whatever refers to it), a merge key (`<<`)
//! in such a mapping (the defaults might shadow what it merges), and a duplicate key on the path.
//! Each message says what to do: edit that part by hand, or move it to plain block style.
//!
//! A key on the path that is present but empty (`inmem:`, `~`, `null`), as Threat Bus's
//! documentation writes a plugin without settings, counts as absent: it becomes the mapping.
//!
//! # Values
//!
//! A plugin's `[config]` defaults are TOML. They are written in block style, indented as
//! `yaml-edit` indents the mapping they go into (flow style inside a flow mapping):
//!
//! | TOML | YAML |
//! |---|---|
//! | string | plain when both YAML 1.1 (PyYAML, which Threat Bus uses) and YAML 1.2 read it back as that string (`Tenzir`, `threatbus.log`); otherwise double-quoted with escapes (`"127.0.0.1"`, `"yes"`, `"null"`, `"1.0"`, `":"`, `""`) |
//! | integer | decimal |
//! | float | with a `.` and a signed exponent (`1.0e+300`), `.inf`, `-.inf`, `.nan`: a float in both YAML versions |
//! | boolean | `true`, `false` |
//! | datetime | its RFC 3339 text as a double-quoted string: YAML 1.2's core schema has no timestamps, and YAML 1.1 would read a local time as a base-60 number |
//! | array | a block sequence (`[]` when empty) |
//! | table | a block mapping (`{}` when empty) |
//!
//! Keys are quoted by the same rule. Reading the file back, a plain scalar only counts as a
//! string, number or boolean when YAML 1.1 and 1.2 agree on it (`yes`, `0755`, `1_000`,
//! `12:30` agree on nothing, so a section holding one never equals the defaults and is left
//! on uninstall).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use saphyr_parser::{Event, Parser, ScalarStyle};
use yaml_edit::{Mapping, YamlFile};

use super::{Addition, HostConfigError, Map, Value};

/// A YAML host config file being edited: its current text, re-parsed for each edit.
#[derive(Debug)]
pub struct YamlDoc {
    path: PathBuf,
    text: String,
}

/// Why an edit is refused, before the file and the section are known to the message.
#[derive(Debug)]
enum Problem {
    /// Not valid YAML, several documents, a top level that is no mapping.
    File(String),
    /// The dotted key holds something other than a mapping.
    NotATable(String),
    /// The edit could not be lossless.
    Refused { reason: String, hint: String },
}

impl Problem {
    fn refused(reason: impl Into<String>, hint: impl Into<String>) -> Self {
        Problem::Refused {
            reason: reason.into(),
            hint: hint.into(),
        }
    }
}

const HINT_BY_HAND: &str = "edit that part of the file by hand, then run the command again";

impl YamlDoc {
    /// `text`, the content of `path` (empty for a file not created yet).
    ///
    /// # Errors
    /// [`HostConfigError::File`] when it is not one valid YAML document whose top level is a
    /// mapping; [`HostConfigError::NotLossless`] when `yaml-edit` cannot read it back as it is.
    pub fn parse(path: &Path, text: &str) -> Result<Self, HostConfigError> {
        let doc = Self {
            path: path.to_path_buf(),
            text: text.to_string(),
        };
        let check = || -> Result<(), Problem> {
            load(text)?;
            editable(text)?;
            Ok(())
        };
        check().map_err(|p| doc.error("", p))?;
        Ok(doc)
    }

    fn error(&self, key: &str, problem: Problem) -> HostConfigError {
        match problem {
            Problem::File(message) => HostConfigError::File {
                path: self.path.clone(),
                message,
            },
            Problem::NotATable(key) => HostConfigError::NotATable {
                path: self.path.clone(),
                key,
            },
            Problem::Refused { reason, hint } => HostConfigError::NotLossless {
                path: self.path.clone(),
                key: key.to_string(),
                reason,
                hint,
            },
        }
    }

    /// The mapping at `keys`, if there (an empty value counts as absent).
    ///
    /// # Errors
    /// [`HostConfigError::NotATable`] when a key on the way holds something else;
    /// [`HostConfigError::NotLossless`] for an alias on the way or a duplicate key.
    pub fn section(&self, keys: &[&str]) -> Result<Option<Map>, HostConfigError> {
        let run = || -> Result<Option<Map>, Problem> {
            let root = load(&self.text)?;
            let found = walk(root.as_ref(), keys)?;
            Ok(found.section().map(map_of_node))
        };
        run().map_err(|p| self.error(&keys.join("."), p))
    }

    /// Adds `additions` below the mapping at `keys`, creating it (and its parents) if missing.
    ///
    /// # Errors
    /// As [`YamlDoc::section`], and [`HostConfigError::NotLossless`] when the edit would change
    /// more than the section.
    pub fn add(
        &mut self,
        keys: &[&str],
        additions: &[Addition<'_>],
    ) -> Result<(), HostConfigError> {
        let run = || -> Result<String, Problem> {
            let root = load(&self.text)?;
            let found = walk(root.as_ref(), keys)?;
            found.refuse_shared_parents()?;
            let file = editable(&self.text)?;
            let mut expected = Map::new();
            let edited = if let Some(section) = found.section() {
                // The section is there: each missing key goes into its own mapping.
                expected = map_of_node(section);
                for addition in additions {
                    let (last, parents) = addition.keys.split_last().expect("at least one key");
                    let mut node = section;
                    refuse_shared_target(node, keys, &[])?;
                    for (i, key) in parents.iter().enumerate() {
                        node = entry_of(node, key)?
                            .expect("`missing` descends into mappings")
                            .1;
                        refuse_shared_target(node, keys, &parents[..=i])?;
                    }
                    let at: Vec<&str> = keys.iter().chain(parents).copied().collect();
                    let mapping = mapping_at(&file, &at)?;
                    let (k, v) = fragment(last, addition.value)?;
                    mapping.set(k, v);
                    insert_expected(
                        &mut expected,
                        &addition.keys,
                        super::Value::from(addition.value),
                    );
                }
                keys.len()
            } else {
                // The section, or a parent, is missing (or empty): one new entry holds it all.
                let d = found.depth;
                if let Some(parent) = found.nodes.get(d) {
                    refuse_shared_target(parent, &keys[..d], &[])?;
                }
                let mut value = toml::Value::Table(toml::Table::new());
                for addition in additions {
                    let toml::Value::Table(t) = &mut value else {
                        unreachable!()
                    };
                    insert_toml(t, &addition.keys, addition.value.clone());
                    insert_expected(
                        &mut expected,
                        &addition.keys,
                        super::Value::from(addition.value),
                    );
                }
                for key in keys[d + 1..].iter().rev() {
                    let mut t = toml::Table::new();
                    t.insert((*key).to_string(), value);
                    value = toml::Value::Table(t);
                }
                let (k, v) = fragment(keys[d], &value)?;
                if d == 0 {
                    let doc = file.ensure_document();
                    match doc.as_mapping() {
                        Some(m) => m.set(k, v),
                        None => {
                            doc.set(k, v);
                        }
                    }
                } else {
                    mapping_at(&file, &keys[..d])?.set(k, v);
                }
                d + 1
            };
            let new = same_line_breaks(&self.text, &file.to_string());
            check_edit(&self.text, &new, &keys[..edited], |new_root| {
                match walk(new_root, keys)?.section() {
                    Some(node) if map_of_node(node) == expected => Ok(()),
                    _ => Err(Problem::refused(
                        "the edited section did not read back as the defaults merged in",
                        HINT_BY_HAND,
                    )),
                }
            })?;
            Ok(new)
        };
        self.text = run().map_err(|p| self.error(&keys.join("."), p))?;
        Ok(())
    }

    /// Removes the mapping at `keys`, and the block mappings its removal leaves empty.
    ///
    /// # Errors
    /// As [`YamlDoc::add`].
    pub fn remove(&mut self, keys: &[&str]) -> Result<(), HostConfigError> {
        let run = || -> Result<String, Problem> {
            let root = load(&self.text)?;
            let found = walk(root.as_ref(), keys)?;
            found.refuse_shared_parents()?;
            // The entry that goes: the section's, or that of a block mapping holding only it
            // (a `{}` the user wrote stays, and so does a mapping holding a comment, as `{}`).
            let mut top = keys.len() - 1;
            let mut emptied_kept = false;
            while top > 0 {
                let parent = found.nodes[top];
                let only_child = matches!(&parent.kind, Kind::Map(e) if e.len() == 1);
                if !only_child || parent.flow {
                    break;
                }
                let outer = entry_range(root.as_ref(), &keys[..top], &self.text, false);
                let inner = entry_range(root.as_ref(), &keys[..=top], &self.text, false);
                if let (Some(outer), Some(inner)) = (outer, inner) {
                    let around = [
                        &self.text[outer.start..inner.start],
                        &self.text[inner.end..outer.end],
                    ];
                    if around.iter().any(|t| t.contains('#')) {
                        emptied_kept = true;
                        break;
                    }
                }
                top -= 1;
            }
            let new = if found.nodes[top].flow || emptied_kept {
                // Commas and braces: `yaml-edit` knows them.
                let file = editable(&self.text)?;
                mapping_at(&file, &keys[..top])?.remove(keys[top]);
                same_line_breaks(&self.text, &file.to_string())
            } else {
                // A block entry is its lines: they go, and nothing else.
                let text = &self.text;
                let mut entry =
                    entry_range(root.as_ref(), &keys[..=top], text, false).expect("it is there");
                if entry.end == text.len() && !text.ends_with('\n') {
                    // The last line has no line break: the one before it goes instead.
                    entry =
                        entry_range(root.as_ref(), &keys[..=top], text, true).expect("it is there");
                }
                format!("{}{}", &self.text[..entry.start], &self.text[entry.end..])
            };
            let changed = if emptied_kept { top } else { top + 1 };
            check_edit(&self.text, &new, &keys[..changed], |new_root| {
                match walk(new_root, keys)?.section() {
                    None => Ok(()),
                    Some(_) => Err(Problem::refused(
                        "the section was still there after removing it",
                        HINT_BY_HAND,
                    )),
                }
            })?;
            Ok(new)
        };
        self.text = run().map_err(|p| self.error(&keys.join("."), p))?;
        Ok(())
    }

    /// The document's text.
    pub fn text(&self) -> String {
        self.text.clone()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading: a strict parse into nodes with byte spans
// ---------------------------------------------------------------------------------------------

/// A node of the document as `saphyr-parser` reads it, with its byte range in the text.
#[derive(Debug)]
struct Node {
    kind: Kind,
    start: usize,
    end: usize,
    anchored: bool,
    tagged: bool,
    flow: bool,
}

#[derive(Debug)]
enum Kind {
    Scalar { text: String, plain: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    Alias,
}

impl Node {
    fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
            && !self.tagged
            && !self.anchored
    }

    fn key_text(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// The document of `text`, `None` when it has none (empty, or only comments).
fn load(text: &str) -> Result<Option<Node>, Problem> {
    // saphyr-parser counts characters; the edits work on bytes.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let at = |chars: usize| bytes.get(chars).copied().unwrap_or(text.len());
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    let mut docs = 0;
    let mut root = None;
    // Bounded by the input: every event consumes text, and the stream ends.
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            Problem::File(format!(
                "it is not valid YAML: {} at line {}, column {}; correct it by hand, or leave \
                 `config-file` out of plugins.toml",
                e.info(),
                e.marker().line(),
                e.marker().col() + 1
            ))
        })?;
        let (start, end) = (at(span.start.index()), at(span.end.index()));
        let is_seq = matches!(event, Event::SequenceStart(..));
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    return Err(Problem::File(
                        "it holds several YAML documents (`---`); keep the host's settings in \
                         one document, or leave `config-file` out and edit the file by hand"
                            .into(),
                    ));
                }
                continue;
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => continue,
            Event::Alias(_) => Node {
                kind: Kind::Alias,
                start,
                end,
                anchored: false,
                tagged: false,
                flow: false,
            },
            Event::Scalar(value, style, anchor, tag) => Node {
                kind: Kind::Scalar {
                    text: value.into_owned(),
                    plain: style == ScalarStyle::Plain,
                },
                start,
                end,
                anchored: anchor != 0,
                tagged: tag.is_some(),
                flow: false,
            },
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                let flow = text[start..].starts_with(['[', '{']) && end > start;
                let kind = if is_seq {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                stack.push((
                    Node {
                        kind,
                        start,
                        end: start,
                        anchored: anchor != 0,
                        tagged: tag.is_some(),
                        flow,
                    },
                    None,
                ));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (mut node, _) = stack.pop().expect("the parser balances collections");
                node.end = if node.flow {
                    // The closing bracket.
                    start + 1
                } else {
                    match &node.kind {
                        Kind::Seq(items) => items.last().map_or(node.start, |n| n.end),
                        Kind::Map(entries) => entries.last().map_or(node.start, |(_, v)| v.end),
                        _ => node.start,
                    }
                };
                node
            }
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some((parent, pending)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => entries.push((key, node)),
                },
                _ => unreachable!("only collections are on the stack"),
            },
        }
    }
    match &root {
        Some(r) if !matches!(r.kind, Kind::Map(_)) && !r.is_null() => Err(Problem::File(
            "its top level is not a mapping, so plugin settings cannot go in it; make it a \
             mapping by hand, or leave `config-file` out of plugins.toml"
                .into(),
        )),
        Some(r) if r.is_null() => Ok(None),
        _ => Ok(root),
    }
}

/// The `yaml-edit` tree of `text`, refused unless it gives back `text` exactly.
fn editable(text: &str) -> Result<YamlFile, Problem> {
    let file = YamlFile::from_str(text).map_err(|e| {
        Problem::refused(
            format!("the YAML editor cannot read it ({e})"),
            HINT_BY_HAND,
        )
    })?;
    if file.to_string() != text {
        return Err(Problem::refused(
            "the YAML editor does not read it back as written",
            HINT_BY_HAND,
        ));
    }
    Ok(file)
}

/// The entry of `key` in the mapping `map`, if any.
fn entry_of<'a>(map: &'a Node, key: &str) -> Result<Option<(&'a Node, &'a Node)>, Problem> {
    let Kind::Map(entries) = &map.kind else {
        return Ok(None);
    };
    let mut found = entries
        .iter()
        .filter(|(k, _)| k.key_text() == Some(key))
        .map(|(k, v)| (k, v));
    let first = found.next();
    if found.next().is_some() {
        return Err(Problem::refused(
            format!("`{key}` is there twice in one mapping"),
            "remove one of them by hand",
        ));
    }
    Ok(first)
}

/// Where the path to a section leads.
struct Found<'a> {
    /// The mappings at `keys[..i]` for each `i` up to `depth` (the root first).
    nodes: Vec<&'a Node>,
    /// How many keys of the path are there, holding a non-empty value.
    depth: usize,
    /// The section, when all are.
    section: Option<&'a Node>,
    /// The dotted keys of the path.
    dotted: Vec<String>,
}

impl<'a> Found<'a> {
    fn section(&self) -> Option<&'a Node> {
        self.section
    }

    /// An anchor or tag on a mapping that holds the section: changing it changes what refers
    /// to it.
    fn refuse_shared_parents(&self) -> Result<(), Problem> {
        for (i, node) in self.nodes.iter().enumerate().skip(1) {
            if node.anchored || node.tagged {
                return Err(Problem::refused(
                    format!("`{}` has an anchor or a tag", self.dotted[i - 1]),
                    "remove the anchor or tag there by hand, or edit the file by hand",
                ));
            }
        }
        Ok(())
    }
}

/// Follows `keys` from the top level.
fn walk<'a>(root: Option<&'a Node>, keys: &[&str]) -> Result<Found<'a>, Problem> {
    let dotted: Vec<String> = (1..=keys.len()).map(|i| keys[..i].join(".")).collect();
    let mut found = Found {
        nodes: Vec::new(),
        depth: 0,
        section: None,
        dotted,
    };
    let Some(mut node) = root else {
        return Ok(found);
    };
    found.nodes.push(node);
    for (i, key) in keys.iter().enumerate() {
        let Some((_, value)) = entry_of(node, key)? else {
            return Ok(found);
        };
        if value.is_null() {
            return Ok(found);
        }
        match &value.kind {
            Kind::Map(_) => {}
            Kind::Alias => {
                return Err(Problem::refused(
                    format!("`{}` is an alias (`*…`)", found.dotted[i]),
                    "write that mapping out in place of the alias, or edit the file by hand",
                ))
            }
            _ => return Err(Problem::NotATable(found.dotted[i].clone())),
        }
        node = value;
        found.depth = i + 1;
        found.nodes.push(node);
    }
    found.section = Some(node);
    Ok(found)
}

/// A mapping that gets keys must not be shared (anchored), tagged, or merge other mappings.
fn refuse_shared_target(node: &Node, section: &[&str], below: &[&str]) -> Result<(), Problem> {
    let name = section
        .iter()
        .chain(below)
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    if node.anchored || node.tagged {
        return Err(Problem::refused(
            format!("`{name}` has an anchor or a tag"),
            "remove the anchor or tag there by hand, or add the plugin's settings by hand",
        ));
    }
    if entry_of(node, "<<")?.is_some() {
        return Err(Problem::refused(
            format!("`{name}` has a merge key (`<<`), which the defaults could shadow"),
            "write the merged keys out in place of `<<`, or add the plugin's settings by hand",
        ));
    }
    Ok(())
}

/// A section's values.
fn map_of_node(node: &Node) -> Map {
    match value_of(node) {
        Value::Table(m) => m,
        _ => Map::new(),
    }
}

fn value_of(node: &Node) -> Value {
    if node.anchored || node.tagged {
        // Shared with, or typed for, something else: never a plain default.
        return Value::Other("an anchored or tagged node".into());
    }
    match &node.kind {
        Kind::Alias => Value::Other("an alias".into()),
        Kind::Scalar { text, plain } => {
            if *plain {
                resolve_plain(text)
            } else {
                Value::String(text.clone())
            }
        }
        Kind::Seq(items) => Value::Array(items.iter().map(value_of).collect()),
        Kind::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let key = match (&k.kind, value_of(k)) {
                    (_, Value::String(s)) => s,
                    // A key that is no string (or a merge key) matches no default key.
                    (Kind::Scalar { text, .. }, _) => format!("\u{0}{text}"),
                    _ => "\u{0}".to_string(),
                };
                if map.insert(key, value_of(v)).is_some() {
                    return Value::Other("a mapping with a duplicate key".into());
                }
            }
            Value::Table(map)
        }
    }
}

/// The YAML 1.1 booleans that YAML 1.2 reads as strings.
const YAML11_BOOLS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF",
];

/// A plain scalar's value where YAML 1.1 and the YAML 1.2 core schema agree on it, otherwise
/// [`Value::Other`].
fn resolve_plain(text: &str) -> Value {
    let other = || Value::Other(text.to_string());
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return other(),
        "true" | "True" | "TRUE" => return Value::Boolean(true),
        "false" | "False" | "FALSE" => return Value::Boolean(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        "<<" | "=" => return other(),
        t if YAML11_BOOLS.contains(&t) => return other(),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Value::String(text.to_string());
    }
    if unsigned.bytes().all(|b| b.is_ascii_digit()) {
        // YAML 1.1 reads a leading 0 as octal.
        if unsigned.len() > 1 && unsigned.starts_with('0') {
            return other();
        }
        return text.parse().map_or_else(|_| other(), Value::Integer);
    }
    if is_float_in_both(unsigned) {
        return text.parse().map_or_else(|_| other(), Value::Float);
    }
    // Dates, times, base-60 numbers, `1_000`, `0x1f`, ...: read differently, or not numbers
    // in one version and numbers in the other.
    if unsigned.starts_with(|c: char| c.is_ascii_digit()) || unsigned.starts_with('.') {
        return other();
    }
    Value::String(text.to_string())
}

/// `DIGITS.DIGITS` with an optional signed exponent: a float in YAML 1.1 and in 1.2.
fn is_float_in_both(unsigned: &str) -> bool {
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let Some((int, frac)) = mantissa.split_once('.') else {
        return false;
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exp_ok = exponent.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|d| !d.is_empty() && digits(d))
    });
    digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty()) && exp_ok
}

// ---------------------------------------------------------------------------------------------
// Writing: fragments of YAML text for the new entries
// ---------------------------------------------------------------------------------------------

/// Whether `s` may be written plain: YAML 1.1 and 1.2 both read it back as this string.
fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_' || first == '/')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '))
        && !s.ends_with(' ')
        && matches!(resolve_plain(s), Value::String(_))
        && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
            .contains(&s.to_ascii_lowercase().as_str())
}

/// `s` as a scalar: plain when safe, else double-quoted (YAML 1.2.2 section 7.3.1).
fn scalar_text(s: &str) -> String {
    if plain_ok(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Printable in both YAML versions (c-printable, minus the line breaks of 1.1 and
            // the byte order mark).
            ' '..='~'
            | '\u{A0}'..='\u{2027}'
            | '\u{202A}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FEFE}'
            | '\u{FF00}'..='\u{FFFD}'
            | '\u{10000}'..='\u{10FFFF}' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A float that both YAML versions read as this float.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let s = format!("{f:?}");
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m.to_string(), Some(e.to_string())),
        None => (s, None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exponent {
        None => mantissa,
        Some(e) if e.starts_with('-') => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
    }
}

/// A scalar's text, or `None` for arrays and tables.
fn inline_text(value: &toml::Value) -> Option<String> {
    Some(match value {
        toml::Value::String(s) => scalar_text(s),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => float_text(*f),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => scalar_text(&d.to_string()),
        toml::Value::Array(a) if a.is_empty() => "[]".into(),
        toml::Value::Table(t) if t.is_empty() => "{}".into(),
        _ => return None,
    })
}

/// Writes the block form of `value` as the content after `KEY:` or `- ` at `indent`.
fn write_block(out: &mut String, indent: usize, value: &toml::Value) {
    if let Some(text) = inline_text(value) {
        out.push(' ');
        out.push_str(&text);
        out.push('\n');
        return;
    }
    out.push('\n');
    match value {
        toml::Value::Array(items) => {
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                let mut item_text = String::new();
                write_block(&mut item_text, indent + 2, item);
                // A collection starts on the dash's line: `- name: a`.
                let lead = format!("\n{}", " ".repeat(indent + 4));
                match item_text.strip_prefix(&lead) {
                    Some(rest) => {
                        out.push(' ');
                        out.push_str(rest);
                    }
                    None => out.push_str(&item_text),
                }
            }
        }
        toml::Value::Table(t) => {
            for (k, v) in t {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(&scalar_text(k));
                out.push(':');
                write_block(out, indent + 2, v);
            }
        }
        _ => unreachable!("scalars are inline"),
    }
}

/// The key and value nodes of `key: value` in YAML, for `yaml-edit` to insert.
fn fragment(
    key: &str,
    value: &toml::Value,
) -> Result<(yaml_edit::YamlNode, yaml_edit::YamlNode), Problem> {
    let mut text = scalar_text(key);
    text.push(':');
    write_block(&mut text, 0, value);
    let failed = || {
        Problem::refused(
            format!("the YAML editor could not take the default `{key}`"),
            "add the plugin's settings by hand",
        )
    };
    // Our own text: it must read back as the value it was written from.
    let root = load(&text)?.ok_or_else(failed)?;
    let (_, v) = entry_of(&root, key)?.ok_or_else(failed)?;
    if value_of(v) != Value::from(value) {
        return Err(failed());
    }
    let file = YamlFile::from_str(&text).map_err(|_| failed())?;
    let entry = file
        .document()
        .and_then(|d| d.as_mapping())
        .and_then(|m| m.entries().next())
        .ok_or_else(failed)?;
    Ok((
        entry.key_node().ok_or_else(failed)?,
        entry.value_node().ok_or_else(failed)?,
    ))
}

/// The `yaml-edit` mapping at `keys` (the top level for none).
fn mapping_at(file: &YamlFile, keys: &[&str]) -> Result<Mapping, Problem> {
    let lost = || {
        Problem::refused(
            "the YAML editor did not find the mapping the parser found",
            HINT_BY_HAND,
        )
    };
    let mut mapping = file
        .document()
        .and_then(|d| d.as_mapping())
        .ok_or_else(lost)?;
    for key in keys {
        mapping = mapping.get_mapping(key).ok_or_else(lost)?;
    }
    Ok(mapping)
}

fn insert_toml(table: &mut toml::Table, keys: &[&str], value: toml::Value) {
    let (last, parents) = keys.split_last().expect("at least one key");
    let mut t = table;
    for key in parents {
        let entry = t
            .entry((*key).to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        t = match entry {
            toml::Value::Table(t) => t,
            _ => unreachable!("`missing` descends into tables"),
        };
    }
    t.insert((*last).to_string(), value);
}

fn insert_expected(map: &mut Map, keys: &[&str], value: Value) {
    let (last, parents) = keys.split_last().expect("at least one key");
    let mut m = map;
    for key in parents {
        let entry = m
            .entry((*key).to_string())
            .or_insert_with(|| Value::Table(Map::new()));
        m = match entry {
            Value::Table(m) => m,
            _ => unreachable!("`missing` descends into tables"),
        };
    }
    m.insert((*last).to_string(), value);
}

// ---------------------------------------------------------------------------------------------
// The check of every edit
// ---------------------------------------------------------------------------------------------

/// In a file whose lines end in CRLF, the new lines do too.
fn same_line_breaks(old: &str, new: &str) -> String {
    if !old.contains("\r\n") {
        return new.to_string();
    }
    let mut out = String::with_capacity(new.len() + 16);
    let mut prev = '\0';
    for c in new.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// The bytes of the entry at `keys`, from its line's indentation (and, with `break_before`,
/// the line break before, which an entry appended at the end of a file brings along) to the
/// line break after it; in a flow mapping, with the commas that separate it from its
/// neighbours.
fn entry_range(
    root: Option<&Node>,
    keys: &[&str],
    text: &str,
    break_before: bool,
) -> Option<Range<usize>> {
    let (last, parents) = keys.split_last()?;
    let mut node = root?;
    for key in parents {
        node = entry_of(node, key).ok()??.1;
    }
    let (k, v) = entry_of(node, last).ok()??;
    let bytes = text.as_bytes();
    let mut start = k.start;
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    // In a flow mapping, the comma before the entry separates it from the one before.
    let mut before_comma = start;
    while before_comma > 0 && matches!(bytes[before_comma - 1], b' ' | b'\t' | b'\n' | b'\r') {
        before_comma -= 1;
    }
    if before_comma > 0 && bytes[before_comma - 1] == b',' {
        start = before_comma - 1;
    }
    if break_before && start > 0 && bytes[start - 1] == b'\n' {
        start -= 1;
        if start > 0 && bytes[start - 1] == b'\r' {
            start -= 1;
        }
    }
    let mut end = v.end.max(k.end);
    while end < bytes.len() && matches!(bytes[end], b' ' | b'\t') {
        end += 1;
    }
    // And the comma after it, from the next.
    if bytes.get(end) == Some(&b',') {
        end += 1;
        while end < bytes.len() && matches!(bytes[end], b' ' | b'\t') {
            end += 1;
        }
    }
    if text[end..].starts_with("\r\n") {
        end += 2;
    } else if text[end..].starts_with('\n') {
        end += 1;
    }
    Some(start..end)
}

/// The bytes where `old` and `new` differ, in each: what is left between their common prefix
/// and their common suffix, the first taken greedily when `prefix_first`, else the second.
fn changed_regions(old: &str, new: &str, prefix_first: bool) -> (Range<usize>, Range<usize>) {
    let (ob, nb) = (old.as_bytes(), new.as_bytes());
    let shortest = ob.len().min(nb.len());
    let common_prefix = |limit: usize| {
        let mut n = ob
            .iter()
            .zip(nb)
            .take(limit)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(n) || !new.is_char_boundary(n) {
            n -= 1;
        }
        n
    };
    let common_suffix = |limit: usize| {
        let mut n = ob
            .iter()
            .rev()
            .zip(nb.iter().rev())
            .take(limit)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(ob.len() - n) || !new.is_char_boundary(nb.len() - n) {
            n -= 1;
        }
        n
    };
    let (prefix, suffix) = if prefix_first {
        let p = common_prefix(shortest);
        (p, common_suffix(shortest - p))
    } else {
        let s = common_suffix(shortest);
        (common_prefix(shortest - s), s)
    };
    (prefix..ob.len() - suffix, prefix..nb.len() - suffix)
}

/// The edit from `old` to `new` is accepted only if `new` is valid YAML, `section_ok` says its
/// section is as intended, and the two texts differ only inside the entry at `keys` (which
/// one of them may lack).
fn check_edit(
    old: &str,
    new: &str,
    keys: &[&str],
    section_ok: impl FnOnce(Option<&Node>) -> Result<(), Problem>,
) -> Result<(), Problem> {
    let new_root = load(new).map_err(|p| match p {
        Problem::File(m) | Problem::Refused { reason: m, .. } => Problem::refused(
            format!("the edited file would not be valid YAML ({m})"),
            HINT_BY_HAND,
        ),
        other => other,
    })?;
    section_ok(new_root.as_ref())?;
    let old_root = load(old)?;
    let old_range = entry_range(old_root.as_ref(), keys, old, true);
    let new_range = entry_range(new_root.as_ref(), keys, new, true);
    let within = |region: Range<usize>, allowed: &Option<Range<usize>>| {
        region.is_empty()
            || allowed
                .as_ref()
                .is_some_and(|a| a.start <= region.start && region.end <= a.end)
    };
    // Where a change lies is ambiguous when it repeats the text around it (an entry inserted
    // before a line of the same indentation): try the leftmost and the rightmost alignment.
    let ok = [true, false].into_iter().any(|prefix_first| {
        let (old_region, new_region) = changed_regions(old, new, prefix_first);
        within(old_region, &old_range) && within(new_region, &new_range)
    });
    if ok {
        Ok(())
    } else {
        Err(Problem::refused(
            format!(
                "the YAML editor would have changed the file outside `{}`",
                keys.join(".")
            ),
            "move that part of the file to plain block style, or edit it by hand",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{HostConfig, Removal};
    use super::*;
    use crate::name::PluginName;

    const TEMPLATE: &str = "plugins.{kind}s.{name#threatbus-}";

    /// Threat Bus's own layout: comments, a user's section, an empty backbone.
    const CONFIG: &str = "\
# Threat Bus settings, ours.
logging:
  console: true
  console_verbosity: INFO   # one of DEBUG, INFO, ...

plugins:
  backbones:
    # the in-memory backbone
    inmem:

  apps:
    # our MISP
    misp:
      api:
        host: https://localhost
    # end of apps
";

    fn config(text: Option<&str>) -> HostConfig {
        HostConfig::from_text("config.yaml".into(), TEMPLATE.into(), text.map(Into::into)).unwrap()
    }

    fn open_err(text: &str) -> HostConfigError {
        HostConfig::from_text("config.yaml".into(), TEMPLATE.into(), Some(text.into())).unwrap_err()
    }

    fn name(n: &str) -> PluginName {
        PluginName::new(n).unwrap()
    }

    fn defaults(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    fn zeek() -> toml::Table {
        defaults("host = \"127.0.0.1\"\nport = 47761\nmodule_namespace = \"Tenzir\"\n")
    }

    fn section(text: &str, keys: &[&str]) -> Option<Map> {
        let root = load(text).unwrap_or_else(|_| panic!("valid YAML:\n{text}"));
        walk(root.as_ref(), keys).ok()?.section().map(map_of_node)
    }

    #[test]
    fn a_new_section_goes_in_and_nothing_else_changes() {
        let mut c = config(Some(CONFIG));
        assert_eq!(
            c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap()
                .as_deref(),
            Some("plugins.apps.zeek")
        );
        let text = c.changed_text().unwrap();
        let expected = CONFIG.replace(
            "    # end of apps\n",
            "    zeek:\n      host: \"127.0.0.1\"\n      module_namespace: Tenzir\n      port: 47761\n    # end of apps\n",
        );
        assert_eq!(text, expected);
        assert_eq!(
            section(&text, &["plugins", "apps", "zeek"]),
            Some(super::super::map_of(&zeek()))
        );
        // Again: nothing to add.
        assert_eq!(
            c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap(),
            None
        );
        // Untouched: removed, and the file is as it was.
        assert_eq!(
            c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap(),
            Removal::Removed("plugins.apps.zeek".into())
        );
        assert_eq!(c.changed_text(), None);
    }

    #[test]
    fn the_users_keys_and_comments_stay_and_a_changed_section_is_left() {
        let text = CONFIG.replace(
            "    # end of apps\n",
            "    zeek:\n      port: 9999   # our Zeek\n    # end of apps\n",
        );
        let mut c = config(Some(&text));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        let new = c.changed_text().unwrap();
        assert!(
            new.contains("    zeek:\n      port: 9999   # our Zeek\n      host: \"127.0.0.1\"\n"),
            "{new}"
        );
        assert!(
            new.starts_with(&text[..text.find("    zeek:").unwrap()]),
            "{new}"
        );
        assert!(new.ends_with("    # end of apps\n"), "{new}");
        let got = section(&new, &["plugins", "apps", "zeek"]).unwrap();
        assert_eq!(got.get("port"), Some(&Value::Integer(9999)));
        assert_eq!(got.len(), 3);
        assert_eq!(
            c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap(),
            Removal::Left("plugins.apps.zeek".into())
        );
        assert_eq!(c.changed_text().as_deref(), Some(new.as_str()));
    }

    #[test]
    fn an_empty_entry_becomes_the_section_and_goes_whole() {
        let inmem = defaults("queue_size = 1000\ndrop_when_full = true\n");
        let mut c = config(Some(CONFIG));
        c.add_defaults(&name("threatbus-inmem"), Some("backbone"), &inmem)
            .unwrap();
        let new = c.changed_text().unwrap();
        assert!(
            new.contains(
                "    # the in-memory backbone\n    inmem:\n      drop_when_full: true\n      queue_size: 1000\n"
            ),
            "{new}"
        );
        assert_eq!(
            c.remove_if_default(&name("threatbus-inmem"), Some("backbone"), &inmem)
                .unwrap(),
            Removal::Removed("plugins.backbones.inmem".into())
        );
        // The whole entry goes. `backbones` held only it, and a comment, which stays: so
        // `backbones` stays too, an empty mapping.
        let after = c.changed_text().unwrap();
        assert_eq!(
            after,
            CONFIG.replace("    inmem:\n", "    {}\n"),
            "everything else as it was"
        );
        let root = load(&after).unwrap();
        assert_eq!(
            walk(root.as_ref(), &["plugins", "backbones"])
                .unwrap()
                .section()
                .map(map_of_node),
            Some(Map::new())
        );
    }

    /// The example of docs/hosts.md, section 3.
    #[test]
    fn the_threatbus_example_of_the_docs() {
        let before = "\
logging:
  console: true
  console_verbosity: INFO        # one of DEBUG, INFO, WARNING

plugins:
  backbones:
    # our RabbitMQ, for the other site
    rabbitmq:
      host: localhost
      port: 5672

  apps:
    zeek:
      port: 9999                 # our Zeek listens here
";
        let after = "\
logging:
  console: true
  console_verbosity: INFO        # one of DEBUG, INFO, WARNING

plugins:
  backbones:
    # our RabbitMQ, for the other site
    rabbitmq:
      host: localhost
      port: 5672
    inmem:
      drop_when_full: true
      queue_size: 1000

  apps:
    zeek:
      port: 9999                 # our Zeek listens here
      host: \"127.0.0.1\"
      module_namespace: Tenzir
";
        let inmem = defaults("queue_size = 1000\ndrop_when_full = true\n");
        let mut c = config(Some(before));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        c.add_defaults(&name("threatbus-inmem"), Some("backbone"), &inmem)
            .unwrap();
        assert_eq!(c.changed_text().unwrap(), after);
        assert_eq!(
            c.remove_if_default(&name("threatbus-inmem"), Some("backbone"), &inmem)
                .unwrap(),
            Removal::Removed("plugins.backbones.inmem".into())
        );
        assert_eq!(
            c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap(),
            Removal::Left("plugins.apps.zeek".into())
        );
        assert_eq!(
            c.changed_text().unwrap(),
            after.replace(
                "    inmem:\n      drop_when_full: true\n      queue_size: 1000\n",
                ""
            )
        );
    }

    #[test]
    fn parents_left_empty_go_and_comments_after_them_stay() {
        let text = "logging:\n  file: false\nplugins:\n  apps:\n    zeek:\n      host: \"127.0.0.1\"\n      module_namespace: Tenzir\n      port: 47761\n    # after zeek\n# the end\n";
        let mut c = config(Some(text));
        assert_eq!(
            c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap(),
            Removal::Removed("plugins.apps.zeek".into())
        );
        assert_eq!(
            c.changed_text().unwrap(),
            "logging:\n  file: false\n    # after zeek\n# the end\n"
        );
    }

    #[test]
    fn a_flow_mapping_is_extended_in_flow_style() {
        let text = "plugins:\n  backbones:\n    inmem: {}   # on\n";
        let inmem = defaults("queue_size = 1000\n");
        let mut c = config(Some(text));
        c.add_defaults(&name("threatbus-inmem"), Some("backbone"), &inmem)
            .unwrap();
        assert_eq!(
            c.changed_text().unwrap(),
            "plugins:\n  backbones:\n    inmem: {queue_size: 1000}   # on\n"
        );
    }

    #[test]
    fn a_missing_file_is_created_and_emptied_again() {
        let mut c = config(None);
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        let text = c.changed_text().unwrap();
        assert_eq!(
            text,
            "plugins:\n  apps:\n    zeek:\n      host: \"127.0.0.1\"\n      module_namespace: Tenzir\n      port: 47761\n"
        );
        c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert_eq!(c.changed_text().as_deref(), Some(""));
        // Only comments: they stay above the new section, and after its removal.
        let mut c = config(Some("# settings\n"));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert!(c
            .changed_text()
            .unwrap()
            .starts_with("# settings\nplugins:\n"));
        c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert_eq!(c.changed_text(), None);
    }

    #[test]
    fn a_users_empty_flow_mapping_is_kept_after_removal() {
        let text = "plugins:\n  apps: {}\n";
        let mut c = config(Some(text));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert!(c.changed_text().unwrap().contains("apps: {zeek: {"));
        c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert_eq!(c.changed_text(), None, "back to `apps: {{}}`");
    }

    #[test]
    fn crlf_files_keep_crlf() {
        let text = "plugins:\r\n  apps:\r\n    misp: 1\r\n";
        let mut c = config(Some(text));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        let new = c.changed_text().unwrap();
        assert!(new.starts_with(text), "{new:?}");
        assert_eq!(
            new.matches('\n').count(),
            new.matches("\r\n").count(),
            "{new:?}"
        );
        c.remove_if_default(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert_eq!(c.changed_text(), None);
    }

    #[test]
    fn nested_and_typed_defaults_read_back_as_written() {
        let d = defaults(
            r##"
s = ["yes", "1.0", "null", ":", "", " x", "a: b", "#c", "0755", "~", "on", "N", "12:30",
     "quote\"back\\slash", "line\nbreak", "tab\t", "é ü", "-", "[x]", "*a", "&a", "!t", "%p",
     "@a", "`b", "1_000", "0x1f", ".inf", "True", "plain text", "/var/log", "a.b-c_d"]
i = -9223372036854775808
f = [0.5, -0.0, 1e300, 1e-7, 3.0e10, inf, -inf, nan]
b = false
when = 1979-05-27T07:32:00Z
local = 07:32:00
empty_list = []
empty_table = {}
grid = [[1, 2], ["a"], []]
[nested.deeper]
x = 1
[[servers]]
name = "a"
ports = [1, 2]
[[servers]]
name = "b"
"##,
        );
        let mut c = config(Some("plugins:\n  plugins: {}\n"));
        c.add_defaults(&name("typed"), None, &d).unwrap();
        let text = c.changed_text().unwrap();
        let got = section(&text, &["plugins", "plugins", "typed"]).unwrap();
        assert_eq!(got, super::super::map_of(&d), "{text}");
        let mut c = config(None);
        c.add_defaults(&name("typed"), None, &d).unwrap();
        let text = c.changed_text().unwrap();
        let got = section(&text, &["plugins", "plugins", "typed"]).unwrap();
        assert_eq!(got, super::super::map_of(&d), "{text}");
        assert!(text.contains("when: \"1979-05-27T07:32:00Z\"\n"), "{text}");
        assert!(text.contains("- 1.0e+300\n"), "{text}");
        assert!(
            text.contains("      servers:\n        - name: a\n          ports:\n            - 1\n"),
            "{text}"
        );
        assert_eq!(
            c.remove_if_default(&name("typed"), None, &d).unwrap(),
            Removal::Removed("plugins.plugins.typed".into())
        );
        assert_eq!(c.changed_text().as_deref(), Some(""));
    }

    #[test]
    fn strings_are_quoted_when_yaml_would_read_something_else() {
        for s in [
            "Tenzir",
            "threatbus.log",
            "localhost",
            "/var/log",
            "INFO",
            "a b",
        ] {
            assert_eq!(scalar_text(s), s);
        }
        for s in [
            "yes",
            "No",
            "on",
            "y",
            "null",
            "~",
            "",
            "1.0",
            "1",
            "0755",
            ":",
            "a: b",
            "#c",
            " x",
            "x ",
            "true",
            "FALSE",
            "127.0.0.1",
            "2001-01-01",
            ".inf",
            "-",
            "<<",
        ] {
            assert!(
                scalar_text(s).starts_with('"'),
                "{s:?} -> {}",
                scalar_text(s)
            );
        }
        assert_eq!(scalar_text("a\"b\\c\nd\u{7}"), "\"a\\\"b\\\\c\\nd\\u0007\"");
        assert_eq!(float_text(1e300), "1.0e+300");
        assert_eq!(float_text(1e-7), "1.0e-7");
        assert_eq!(float_text(2.5), "2.5");
        // What YAML 1.1 and 1.2 read differently counts as neither.
        for t in ["yes", "0755", "1_000", "12:30", "1e3", "0x1f", "2001-01-01"] {
            assert!(matches!(resolve_plain(t), Value::Other(_)), "{t}");
        }
        assert_eq!(resolve_plain("47761"), Value::Integer(47761));
        assert_eq!(resolve_plain("-1.5e+3"), Value::Float(-1500.0));
        assert_eq!(resolve_plain("True"), Value::Boolean(true));
        assert_eq!(resolve_plain("Tenzir"), Value::String("Tenzir".into()));
    }

    #[test]
    fn refusals_name_the_file_and_what_to_do() {
        let e = open_err("a: b: c\n").to_string();
        assert!(
            e.contains("config.yaml") && e.contains("not valid YAML") && e.contains("line 1"),
            "{e}"
        );
        let e = open_err("a: 1\n---\nb: 2\n").to_string();
        assert!(e.contains("several YAML documents"), "{e}");
        let e = open_err("- a\n- b\n").to_string();
        assert!(e.contains("top level is not a mapping"), "{e}");

        let refused = |text: &str| {
            let mut c = config(Some(text));
            let e = c
                .add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
                .unwrap_err();
            assert_eq!(c.changed_text(), None, "nothing changed: {text}");
            e
        };
        let e = refused("plugins: 5\n");
        assert!(
            matches!(e, HostConfigError::NotATable { ref key, .. } if key == "plugins"),
            "{e}"
        );
        let e = refused("plugins:\n  apps:\n    - zeek\n");
        assert!(
            matches!(e, HostConfigError::NotATable { ref key, .. } if key == "plugins.apps"),
            "{e}"
        );
        for (text, what) in [
            ("base: &b\n  x: 1\nplugins:\n  apps: *b\n", "alias"),
            ("plugins: &p\n  apps: {}\nother: *p\n", "anchor"),
            ("plugins:\n  apps: !custom\n    misp: 1\n", "tag"),
            (
                "base: &b\n  port: 1\nplugins:\n  apps:\n    zeek:\n      <<: *b\n",
                "merge key",
            ),
            ("plugins:\n  apps: {}\nplugins:\n  x: 1\n", "twice"),
        ] {
            let e = refused(text);
            let msg = e.to_string();
            assert!(
                matches!(e, HostConfigError::NotLossless { .. }),
                "{text}: {msg}"
            );
            assert!(
                msg.contains(what) && msg.contains("config.yaml"),
                "{text}: {msg}"
            );
            assert!(msg.contains("by hand"), "{msg}");
        }
        // Anchors elsewhere in the file are no obstacle.
        let mut c = config(Some("base: &b\n  x: 1\nother: *b\nplugins:\n  apps: {}\n"));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &zeek())
            .unwrap();
        assert!(c
            .changed_text()
            .unwrap()
            .starts_with("base: &b\n  x: 1\nother: *b\n"));
    }

    #[test]
    fn the_check_refuses_edits_outside_the_section() {
        let old = "a: 1\nplugins:\n  x: 1\n";
        let check = |new: &str| check_edit(old, new, &["plugins", "y"], |_| Ok(()));
        assert!(check("a: 1\nplugins:\n  x: 1\n  y: 2\n").is_ok());
        assert!(check("a: 2\nplugins:\n  x: 1\n  y: 2\n").is_err());
        assert!(check("a: 1\nplugins:\n  x: 1 \n  y: 2\n").is_err());
        assert!(
            check("a: 1\nplugins:\n  x: 1\n  y: [\n").is_err(),
            "invalid YAML"
        );
    }

    /// Block, flow, multi-line flow, block scalars, explicit keys, document markers, a byte
    /// order mark, no final line break, 4-space indentation: the section goes in, reads back
    /// as the defaults, and its removal gives back the file byte for byte.
    #[test]
    fn layouts_round_trip() {
        let d = defaults("host = \"127.0.0.1\"\nport = 47761\n[limits]\nmax = 1\n");
        for text in [
            "plugins: {\n  apps: {misp: 1},\n}\n",
            "plugins: {apps: {misp: 1}}   # c\n",
            "plugins:\n  apps: {misp: 1,\n    x: 2}\n",
            "plugins:\n  apps:\n    misp: |\n      text\n      more\n\n# end\n",
            "plugins:\n  apps:\n    misp: >-\n      folded\n",
            "plugins:\n  apps:\n    misp: 'x'\n    # c\n\n\n",
            "plugins:\n  apps:\n  # c0\n    misp: 1\n",
            "---\nplugins:\n  apps:\n    misp: 1\n...\n",
            "%YAML 1.2\n---\nplugins:\n  apps:\n    misp: 1\n",
            "plugins:\n  apps:\n    misp: 1\n# no line break at the end",
            "plugins:\n  apps:\n    misp: 1",
            "plugins:\n  \"apps\":\n    'misp': 1\n",
            "plugins:\n  ? apps\n  : misp: 1\n",
            "\u{feff}plugins:\n  apps:\n    misp: 1\n",
            "plugins:\n    apps:\n        misp: 1\n",
            "logging: {console: true}\n",
        ] {
            let mut c = HostConfig::from_text(
                "c.yaml".into(),
                "plugins.{kind}s.{name}".into(),
                Some(text.into()),
            )
            .unwrap();
            let zeek = name("zeek");
            c.add_defaults(&zeek, Some("app"), &d)
                .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let new = c.changed_text().unwrap();
            assert_eq!(
                section(&new, &["plugins", "apps", "zeek"]),
                Some(super::super::map_of(&d)),
                "{text:?}\n{new}"
            );
            assert_eq!(
                c.remove_if_default(&zeek, Some("app"), &d).unwrap(),
                Removal::Removed("plugins.apps.zeek".into())
            );
            assert_eq!(c.changed_text(), None, "{text:?}\n{new}");
        }
    }

    /// An empty value below the section is the user's: it stays, and the rest is added.
    #[test]
    fn an_empty_value_inside_the_section_is_kept() {
        let d = defaults("port = 47761\n[limits]\nmax = 1\n");
        let text = "plugins:\n  apps:\n    zeek:\n      limits:\n";
        let mut c = config(Some(text));
        c.add_defaults(&name("threatbus-zeek"), Some("app"), &d)
            .unwrap();
        assert_eq!(
            c.changed_text().unwrap(),
            "plugins:\n  apps:\n    zeek:\n      limits:\n      port: 47761\n"
        );
        assert_eq!(
            c.remove_if_default(&name("threatbus-zeek"), Some("app"), &d)
                .unwrap(),
            Removal::Left("plugins.apps.zeek".into())
        );
    }
}
