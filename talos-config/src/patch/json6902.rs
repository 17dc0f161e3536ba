//! JSON patches (RFC 6902) as Talos applies them: `evanphx/json-patch` (v4 API, v5.9.11)
//! between ghodss' YAML → JSON and JSON → YAML conversions, on single-document
//! configurations only — with that library's behaviour and error texts (it accepts negative
//! array indices, `replace` adds missing object keys, `test` compares raw JSON texts).

use std::collections::BTreeMap;

use super::json::{self, Json};
use super::yaml_v2;
use crate::goyaml::{Any, Decoder, GoYaml};
use crate::yaml::DocumentStream;

/// A JSON patch: its operations, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonPatch {
    ops: Vec<Operation>,
}

/// One operation: Go's `map[string]*json.RawMessage`.
#[derive(Debug, Clone, PartialEq, Default)]
struct Operation {
    fields: BTreeMap<String, Field>,
}

/// A field of an operation: a nil `*json.RawMessage` (JSON `null`) or raw JSON.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    Nil,
    Raw(Json),
}

const MISSING: &str = "missing value";

impl JsonPatch {
    /// The number of operations.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether the patch has no operation.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Appends the operations of `other` (Talos merges JSON patches given one after
    /// another).
    pub fn extend(&mut self, other: JsonPatch) {
        self.ops.extend(other.ops);
    }

    /// `jsonpatch.DecodePatch`: `encoding/json` into `[]map[string]*json.RawMessage`.
    pub(crate) fn from_json(input: &[u8]) -> Result<JsonPatch, String> {
        let value = json::parse(input)?;
        let items = match value {
            Json::Null => return Ok(JsonPatch::default()),
            Json::Array(items) => items,
            other => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                    json::kind_word(&other)
                ));
            }
        };
        let mut ops = Vec::with_capacity(items.len());
        let mut first_error = None;
        for item in items {
            match item {
                Json::Null => ops.push(Operation::default()),
                Json::Object(map) => ops.push(Operation {
                    fields: map
                        .into_iter()
                        .map(|(k, v)| {
                            let field = match v {
                                Json::Null => Field::Nil,
                                v => Field::Raw(v),
                            };
                            (k, field)
                        })
                        .collect(),
                }),
                other => {
                    first_error.get_or_insert_with(|| {
                        format!(
                            "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
                            json::kind_word(&other)
                        )
                    });
                    ops.push(Operation::default());
                }
            }
        }
        match first_error {
            Some(err) => Err(err),
            None => Ok(JsonPatch { ops }),
        }
    }

    /// The YAML form `LoadPatch` accepts last: go-yaml into `[]map[string]any`, every value
    /// re-marshalled with `encoding/json`. `Err(None)` when the YAML does not decode so.
    pub(crate) fn from_yaml(input: &[u8]) -> Result<JsonPatch, Option<String>> {
        let mut stream = DocumentStream::new(input);
        let root = match stream.next() {
            // go-yaml's Unmarshal fails on a stream without any document.
            None | Some(Err(_)) => return Err(None),
            Some(Ok(doc)) => doc.root,
        };
        let mut decoder = Decoder::new();
        let mut list: Vec<BTreeMap<String, Any>> = Vec::new();
        list.decode_into(&root, &mut decoder);
        if decoder.finish().is_err() {
            return Err(None);
        }
        let mut ops = Vec::with_capacity(list.len());
        for map in list {
            let mut fields = BTreeMap::new();
            for (key, value) in map {
                fields.insert(key, Field::Raw(any_to_json(&value).map_err(Some)?));
            }
            ops.push(Operation { fields });
        }
        Ok(JsonPatch { ops })
    }
}

/// `json.Marshal` of a value go-yaml decoded into `any`.
fn any_to_json(value: &Any) -> Result<Json, String> {
    Ok(match value {
        Any::Null => Json::Null,
        Any::Bool(b) => Json::Bool(*b),
        Any::Int(i) => Json::Number(i.to_string()),
        Any::Uint(u) => Json::Number(u.to_string()),
        Any::Float(f) => Json::Number(json::format_float(*f)?),
        Any::String(s) | Any::Timestamp(s) => Json::String(json::quote(s)),
        Any::Seq(items) => Json::Array(items.iter().map(any_to_json).collect::<Result<_, _>>()?),
        Any::Map(entries) => {
            let mut map = BTreeMap::new();
            for (k, v) in entries {
                let Any::String(k) = k else {
                    return Err("json: unsupported type: map[interface {}]interface {}".to_owned());
                };
                map.insert(k.clone(), any_to_json(v)?);
            }
            Json::Object(map)
        }
    })
}

/// Why the JSON patch step failed: Go's full text.
pub(crate) enum Json6902Error {
    /// The configuration has more (or fewer) than one document.
    MultiDocument,
    /// Any other failure (Go's text, wrapped as `JSON6902` wraps it).
    Failed(String),
    /// A Go runtime panic inside the patch library.
    Panic(String),
}

/// Go's `configpatcher.JSON6902`.
pub(crate) fn apply(config: &[u8], patch: &JsonPatch) -> Result<Vec<u8>, Json6902Error> {
    // One parse serves both the document count and the conversion of the first document.
    let mut documents = 0;
    let mut first = None;
    for document in DocumentStream::new(config) {
        match document {
            Err(err) => {
                return Err(Json6902Error::Failed(format!(
                    "failure decoding talos machine config: {}",
                    err.0
                )));
            }
            Ok(document) => {
                documents += 1;
                first.get_or_insert(document.root);
            }
        }
    }
    if documents != 1 {
        return Err(Json6902Error::MultiDocument);
    }
    let doc = first
        .map_or(Ok(Json::Null), |root| yaml_v2::node_to_json(&root))
        .map_err(|err| {
            Json6902Error::Failed(format!(
                "failure converting talos machine config to json: {err}"
            ))
        })?;
    let mut root = match doc {
        Json::Array(_) | Json::Object(_) | Json::Null => Node::from_json(doc, true),
        other => {
            return Err(Json6902Error::Failed(format!(
                "failure applying rfc6902 patches to talos machine config: json: cannot unmarshal {} into Go value of type jsonpatch.partialDoc",
                json::kind_word(&other)
            )));
        }
    };
    for op in &patch.ops {
        op.apply(&mut root).map_err(|err| match err {
            OpError::Failed(message) => Json6902Error::Failed(format!(
                "failure applying rfc6902 patches to talos machine config: {message}"
            )),
            OpError::Panic(message) => Json6902Error::Panic(message),
        })?;
    }
    Ok(yaml_v2::json_to_yaml(&root.to_json()).into_bytes())
}

/// evanphx's `*lazyNode` tree.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A nil `*lazyNode` (JSON `null` inside a document, or an operation without a value).
    Nil,
    /// A node whose raw message is nil (an operation's `"value": null`).
    RawNil,
    /// Raw `null` text (a nil map when used as an object).
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// A number's text.
    Number(String),
    /// A string's JSON text.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object.
    Object(BTreeMap<String, Node>),
}

enum OpError {
    Failed(String),
    Panic(String),
}

fn failed(message: String) -> OpError {
    OpError::Failed(message)
}

const NIL_MAP: &str = "assignment to entry in nil map";

impl Node {
    fn from_json(value: Json, top: bool) -> Node {
        match value {
            Json::Null if top => Node::Null,
            Json::Null => Node::Nil,
            Json::Bool(b) => Node::Bool(b),
            Json::Number(n) => Node::Number(n),
            Json::String(s) => Node::String(s),
            Json::Array(items) => Node::Array(
                items
                    .into_iter()
                    .map(|v| Node::from_json(v, false))
                    .collect(),
            ),
            Json::Object(map) => Node::Object(
                map.into_iter()
                    .map(|(k, v)| (k, Node::from_json(v, false)))
                    .collect(),
            ),
        }
    }

    fn to_json(&self) -> Json {
        match self {
            Node::Nil | Node::RawNil | Node::Null => Json::Null,
            Node::Bool(b) => Json::Bool(*b),
            Node::Number(n) => Json::Number(n.clone()),
            Node::String(s) => Json::String(s.clone()),
            Node::Array(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Node::Object(map) => {
                Json::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    /// Whether findObject can descend into it (non-nil raw that is an array or an object).
    fn is_container(&self) -> bool {
        matches!(self, Node::Array(_) | Node::Object(_) | Node::Null)
    }

    /// `container.get`.
    fn get(&self, key: &str) -> Result<Node, String> {
        match self {
            Node::Array(items) => {
                let idx = atoi(key)?;
                let len = items.len() as i64;
                let mut i = idx;
                if i < 0 {
                    if i < -len {
                        return Err(invalid_index(idx));
                    }
                    i += len;
                }
                if i >= len {
                    return Err(invalid_index(idx));
                }
                Ok(items[i as usize].clone())
            }
            Node::Object(map) => Ok(map.get(key).cloned().unwrap_or(Node::Nil)),
            _ => Ok(Node::Nil),
        }
    }

    /// `container.add`.
    fn add(&mut self, key: &str, value: Node) -> Result<(), OpError> {
        match self {
            Node::Array(items) => {
                if key == "-" {
                    items.push(value);
                    return Ok(());
                }
                let idx = atoi(key).map_err(|err| {
                    failed(format!(
                        "value was not a proper array index: '{key}': {err}"
                    ))
                })?;
                let size = items.len() as i64 + 1;
                if idx >= size {
                    return Err(failed(invalid_index(idx)));
                }
                let mut i = idx;
                if i < 0 {
                    if i < -size {
                        return Err(failed(invalid_index(idx)));
                    }
                    i += size;
                }
                items.insert(i as usize, value);
                Ok(())
            }
            Node::Object(map) => {
                map.insert(key.to_owned(), value);
                Ok(())
            }
            _ => Err(OpError::Panic(NIL_MAP.to_owned())),
        }
    }

    /// `container.set` (replace).
    fn set(&mut self, key: &str, value: Node) -> Result<(), OpError> {
        match self {
            Node::Array(items) => {
                let idx = atoi(key).map_err(failed)?;
                let len = items.len() as i64;
                let mut i = idx;
                if i < 0 {
                    if i < -len {
                        return Err(failed(invalid_index(idx)));
                    }
                    i += len;
                }
                items[i as usize] = value;
                Ok(())
            }
            Node::Object(map) => {
                map.insert(key.to_owned(), value);
                Ok(())
            }
            _ => Err(OpError::Panic(NIL_MAP.to_owned())),
        }
    }

    /// `container.remove`.
    fn remove(&mut self, key: &str) -> Result<(), String> {
        match self {
            Node::Array(items) => {
                let idx = atoi(key)?;
                let len = items.len() as i64;
                if idx >= len {
                    return Err(invalid_index(idx));
                }
                let mut i = idx;
                if i < 0 {
                    if i < -len {
                        return Err(invalid_index(idx));
                    }
                    i += len;
                }
                items.remove(i as usize);
                Ok(())
            }
            Node::Object(map) => match map.remove(key) {
                Some(_) => Ok(()),
                None => Err(format!(
                    "Unable to remove nonexistent key: {key}: {MISSING}"
                )),
            },
            _ => Err(format!(
                "Unable to remove nonexistent key: {key}: {MISSING}"
            )),
        }
    }

    /// evanphx's `lazyNode.equal`, on parsed values (raw scalars compared by their text).
    fn equal(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Object(a), Node::Object(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| match b.get(k) {
                        None => false,
                        Some(ov) => match (v, ov) {
                            (Node::Nil, Node::Nil) => true,
                            (Node::Nil, _) | (_, Node::Nil) => false,
                            (v, ov) => v.equal(ov),
                        },
                    })
            }
            (Node::Array(a), Node::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equal(y))
            }
            (Node::Null, Node::Object(m)) | (Node::Object(m), Node::Null) => m.is_empty(),
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Number(a), Node::Number(b)) => a == b,
            (Node::String(a), Node::String(b)) => a == b,
            _ => false,
        }
    }
}

fn invalid_index(idx: i64) -> String {
    format!("Unable to access invalid index: {idx}: invalid index referenced")
}

/// Go's `strconv.Atoi` with its error texts.
fn atoi(text: &str) -> Result<i64, String> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            crate::goyaml::go_quote(text)
        ));
    }
    text.parse::<i64>().map_err(|_| {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            crate::goyaml::go_quote(text)
        )
    })
}

/// RFC 6901 unescaping (`~1` → `/`, then `~0` → `~`, in one pass like Go's replacer).
fn decode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.peek() {
                Some('1') => {
                    chars.next();
                    out.push('/');
                    continue;
                }
                Some('0') => {
                    chars.next();
                    out.push('~');
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out
}

/// evanphx's `findObject`: the container holding the last path element, and that key.
fn find_object<'a>(root: &'a mut Node, path: &str) -> Option<(&'a mut Node, String)> {
    let split: Vec<&str> = path.split('/').collect();
    if split.len() < 2 {
        return None;
    }
    let key = decode_key(split[split.len() - 1]);
    let mut doc = root;
    for part in &split[1..split.len() - 1] {
        let part = decode_key(part);
        let next: &'a mut Node = match doc {
            Node::Object(map) => map.get_mut(&part)?,
            Node::Array(items) => {
                let idx = atoi(&part).ok()?;
                let len = items.len() as i64;
                let mut i = idx;
                if i < 0 {
                    if i < -len {
                        return None;
                    }
                    i += len;
                }
                if i >= len {
                    return None;
                }
                &mut items[i as usize]
            }
            _ => return None,
        };
        if !next.is_container() {
            return None;
        }
        doc = next;
    }
    Some((doc, key))
}

impl Operation {
    fn raw(&self, name: &str) -> Option<&Field> {
        self.fields.get(name)
    }

    /// `Operation.Kind`.
    fn kind(&self) -> String {
        match self.raw("op") {
            Some(Field::Raw(Json::String(raw))) => json::unquote(raw),
            Some(Field::Raw(Json::Null)) => String::new(),
            _ => "unknown".to_owned(),
        }
    }

    /// `Operation.Path` / `From`: the string, or Go's error.
    fn string_field(&self, name: &str, missing: &str) -> Result<String, String> {
        match self.raw(name) {
            Some(Field::Raw(Json::String(raw))) => Ok(json::unquote(raw)),
            Some(Field::Raw(Json::Null)) => Ok(String::new()),
            Some(Field::Raw(other)) => Err(format!(
                "json: cannot unmarshal {} into Go value of type string",
                json::kind_word(other)
            )),
            Some(Field::Nil) | None => Err(missing.to_owned()),
        }
    }

    fn path(&self) -> Result<String, String> {
        self.string_field("path", "operation missing path field: missing value")
    }

    fn from(&self) -> Result<String, String> {
        self.string_field("from", "operation, missing from field: missing value")
    }

    /// `Operation.value`: nil without a `value` key.
    fn value(&self) -> Node {
        match self.raw("value") {
            None => Node::Nil,
            Some(Field::Nil) => Node::RawNil,
            Some(Field::Raw(json)) => Node::from_json(json.clone(), true),
        }
    }

    fn apply(&self, doc: &mut Node) -> Result<(), OpError> {
        match self.kind().as_str() {
            "add" => self.add(doc),
            "remove" => self.remove(doc),
            "replace" => self.replace(doc),
            "move" => self.move_op(doc),
            "test" => self.test(doc),
            "copy" => self.copy(doc),
            other => Err(failed(format!("Unexpected kind: {other}"))),
        }
    }

    fn add(&self, doc: &mut Node) -> Result<(), OpError> {
        let path = self
            .path()
            .map_err(|_| failed(format!("add operation failed to decode path: {MISSING}")))?;
        let Some((con, key)) = find_object(doc, &path) else {
            return Err(failed(format!(
                "add operation does not apply: doc is missing path: \"{path}\": {MISSING}"
            )));
        };
        con.add(&key, self.value()).map_err(|err| match err {
            OpError::Failed(message) => {
                failed(format!("error in add for path: '{path}': {message}"))
            }
            panic => panic,
        })
    }

    fn remove(&self, doc: &mut Node) -> Result<(), OpError> {
        let path = self
            .path()
            .map_err(|_| failed(format!("remove operation failed to decode path: {MISSING}")))?;
        let Some((con, key)) = find_object(doc, &path) else {
            return Err(failed(format!(
                "remove operation does not apply: doc is missing path: \"{path}\": {MISSING}"
            )));
        };
        con.remove(&key)
            .map_err(|err| failed(format!("error in remove for path: '{path}': {err}")))
    }

    fn replace(&self, doc: &mut Node) -> Result<(), OpError> {
        let path = self
            .path()
            .map_err(|err| failed(format!("replace operation failed to decode path: {err}")))?;
        if path.is_empty() {
            let value = self.value();
            return match value {
                Node::Nil => Err(OpError::Panic(
                    "runtime error: invalid memory address or nil pointer dereference".to_owned(),
                )),
                Node::Array(_) | Node::Object(_) | Node::Null => {
                    *doc = value;
                    Ok(())
                }
                _ => Err(failed(
                    "replace operation value must be object or array: %!w(<nil>)".to_owned(),
                )),
            };
        }
        let Some((con, key)) = find_object(doc, &path) else {
            return Err(failed(format!(
                "replace operation does not apply: doc is missing path: {path}: {MISSING}"
            )));
        };
        if con.get(&key).is_err() {
            return Err(failed(format!(
                "replace operation does not apply: doc is missing key: {path}: {MISSING}"
            )));
        }
        con.set(&key, self.value()).map_err(|err| match err {
            OpError::Failed(message) => {
                failed(format!("error in remove for path: '{path}': {message}"))
            }
            panic => panic,
        })
    }

    fn move_op(&self, doc: &mut Node) -> Result<(), OpError> {
        let from = self
            .from()
            .map_err(|err| failed(format!("move operation failed to decode from: {err}")))?;
        let Some((con, key)) = find_object(doc, &from) else {
            return Err(failed(format!(
                "move operation does not apply: doc is missing from path: {from}: {MISSING}"
            )));
        };
        let value = con
            .get(&key)
            .map_err(|err| failed(format!("error in move for path: '{key}': {err}")))?;
        con.remove(&key)
            .map_err(|err| failed(format!("error in move for path: '{key}': {err}")))?;
        let path = self
            .path()
            .map_err(|err| failed(format!("move operation failed to decode path: {err}")))?;
        let Some((con, key)) = find_object(doc, &path) else {
            return Err(failed(format!(
                "move operation does not apply: doc is missing destination path: {path}: {MISSING}"
            )));
        };
        con.add(&key, value).map_err(|err| match err {
            OpError::Failed(message) => {
                failed(format!("error in move for path: '{path}': {message}"))
            }
            panic => panic,
        })
    }

    fn test(&self, doc: &mut Node) -> Result<(), OpError> {
        let path = self
            .path()
            .map_err(|err| failed(format!("test operation failed to decode path: {err}")))?;
        let test_failed = || failed(format!("testing value {path} failed: test failed"));
        if path.is_empty() {
            return if doc.equal(&self.value()) {
                Ok(())
            } else {
                Err(test_failed())
            };
        }
        let Some((con, key)) = find_object(doc, &path) else {
            return Err(failed(format!(
                "test operation does not apply: is missing path: {path}: {MISSING}"
            )));
        };
        let value = con
            .get(&key)
            .map_err(|err| failed(format!("error in test for path: '{path}': {err}")))?;
        let expected = self.value();
        match (&value, &expected) {
            (Node::Nil, Node::Nil | Node::RawNil) => Ok(()),
            (Node::Nil, _) | (_, Node::Nil) => Err(test_failed()),
            (value, expected) if value.equal(expected) => Ok(()),
            _ => Err(test_failed()),
        }
    }

    fn copy(&self, doc: &mut Node) -> Result<(), OpError> {
        let from = self
            .from()
            .map_err(|err| failed(format!("copy operation failed to decode from: {err}")))?;
        let Some((con, key)) = find_object(doc, &from) else {
            return Err(failed(format!(
                "copy operation does not apply: doc is missing from path: {from}: {MISSING}"
            )));
        };
        let value = con
            .get(&key)
            .map_err(|err| failed(format!("error in copy for from: '{from}': {err}")))?;
        let path = self
            .path()
            .map_err(|_| failed(format!("copy operation failed to decode path: {MISSING}")))?;
        let Some((con, key)) = find_object(doc, &path) else {
            return Err(failed(format!(
                "copy operation does not apply: doc is missing destination path: {path}: {MISSING}"
            )));
        };
        // deepCopy: a nil node stays nil, anything else is re-read from its JSON.
        let copy = match value {
            Node::Nil => Node::Nil,
            Node::RawNil => Node::Null,
            other => other,
        };
        con.add(&key, copy).map_err(|err| match err {
            OpError::Failed(message) => {
                failed(format!("error while adding value during copy: {message}"))
            }
            panic => panic,
        })
    }
}
