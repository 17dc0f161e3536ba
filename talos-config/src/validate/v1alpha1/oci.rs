//! `machine.baseRuntimeSpecOverrides` must survive Go's `json.Marshal` and then
//! `json.Unmarshal` into the OCI runtime spec (`specs.Spec` of runtime-spec v1.3.0). This
//! walks the overrides as the JSON round trip would, with `encoding/json`'s error texts: the
//! first unsupported value while marshalling, else the first type mismatch while decoding.

use std::collections::BTreeMap;

use super::oci_schema::{Field, S_SPECS_SPEC, StructTy, Ty};
use crate::goyaml::Any;

/// A failure of the round trip.
pub(super) enum SpecError {
    /// `json.Marshal` failed.
    Marshal(String),
    /// `json.Unmarshal` into `specs.Spec` failed.
    Unmarshal(String),
}

/// A JSON value, as `json.Marshal` would write it.
enum Json<'a> {
    Null,
    Bool,
    /// A number and its literal text.
    Number(String),
    Str,
    Array(Vec<Json<'a>>),
    /// An object, keys sorted as Go sorts map keys.
    Object(Vec<(&'a str, Json<'a>)>),
}

/// Go's `encoding/json` float text: shortest digits, exponent form below 1e-6 and from 1e21.
fn json_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let text = format!("{f:e}");
        // Rust writes `1.5e-7`/`1e21`; Go writes `1.5e-7`/`1e+21`.
        match text.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
            _ => text,
        }
    } else {
        format!("{f}")
    }
}

/// `json.Marshal` of a decoded YAML value.
fn marshal(value: &Any) -> Result<Json<'_>, String> {
    Ok(match value {
        Any::Null => Json::Null,
        Any::Bool(_) => Json::Bool,
        Any::Int(i) => Json::Number(i.to_string()),
        Any::Uint(u) => Json::Number(u.to_string()),
        Any::Float(f) if f.is_nan() => return Err("json: unsupported value: NaN".to_owned()),
        Any::Float(f) if f.is_infinite() => {
            let sign = if *f > 0.0 { "+" } else { "-" };
            return Err(format!("json: unsupported value: {sign}Inf"));
        }
        Any::Float(f) => Json::Number(json_float(*f)),
        Any::String(_) | Any::Timestamp(_) => Json::Str,
        Any::Seq(items) => Json::Array(items.iter().map(marshal).collect::<Result<_, _>>()?),
        Any::Map(entries) => {
            // go-yaml decodes a mapping with a non-string key into `map[any]any`, which
            // encoding/json cannot write.
            let mut sorted = BTreeMap::new();
            for (key, value) in entries {
                let Any::String(key) = key else {
                    return Err("json: unsupported type: map[interface {}]interface {}".to_owned());
                };
                sorted.insert(key.as_str(), value);
            }
            let mut out = Vec::with_capacity(sorted.len());
            for (key, value) in sorted {
                out.push((key, marshal(value)?));
            }
            Json::Object(out)
        }
    })
}

/// Go's `foldName` for matching object keys to field names case-insensitively.
fn fold_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' => c.to_ascii_uppercase(),
            // ToUpper(ToLower(r)): the Kelvin sign folds to K and the long s to S.
            '\u{212A}' => 'K',
            '\u{17F}' => 'S',
            _ => c,
        })
        .collect()
}

/// The decoder's error context: the innermost struct and the path of field names.
struct Decoder<'s> {
    structure: Option<&'static str>,
    stack: Vec<&'s str>,
    error: Option<String>,
}

impl<'s> Decoder<'s> {
    fn type_error(&mut self, value: &str, ty: &str) {
        if self.error.is_some() {
            return;
        }
        self.error = Some(match self.structure {
            Some(structure) => format!(
                "json: cannot unmarshal {value} into Go struct field {structure}.{} of type {ty}",
                self.stack.join(".")
            ),
            None => format!("json: cannot unmarshal {value} into Go value of type {ty}"),
        });
    }

    fn decode(&mut self, value: &Json<'_>, ty: &'static Ty) {
        match (value, ty) {
            (Json::Null, _) | (_, Ty::Any) => {}
            (Json::Bool, Ty::Bool(_)) | (Json::Str, Ty::Str(_)) => {}
            (Json::Number(text), Ty::Int(name, bits)) => {
                let ok = text.parse::<i64>().is_ok_and(|n| fits_int(n, *bits));
                if !ok {
                    self.type_error(&format!("number {text}"), name);
                }
            }
            (Json::Number(text), Ty::Uint(name, bits)) => {
                let ok = text.parse::<u64>().is_ok_and(|n| fits_uint(n, *bits));
                if !ok {
                    self.type_error(&format!("number {text}"), name);
                }
            }
            (Json::Array(items), Ty::Slice(_, elem)) => {
                for item in items {
                    self.decode(item, elem);
                }
            }
            (Json::Object(entries), Ty::Map(_, elem)) => {
                for (_, item) in entries {
                    self.decode(item, elem);
                }
            }
            (Json::Object(entries), Ty::Struct(st)) => self.decode_struct(entries, st),
            (Json::Bool, _) => self.type_error("bool", ty.name()),
            (Json::Number(_), _) => self.type_error("number", ty.name()),
            (Json::Str, _) => self.type_error("string", ty.name()),
            (Json::Array(_), _) => self.type_error("array", ty.name()),
            (Json::Object(_), _) => self.type_error("object", ty.name()),
        }
    }

    fn decode_struct(&mut self, entries: &[(&str, Json<'_>)], st: &'static StructTy) {
        let (saved_structure, saved_depth) = (self.structure, self.stack.len());
        for (key, value) in entries {
            let field: Option<&'static Field> =
                st.fields.iter().find(|f| f.name == *key).or_else(|| {
                    let folded = fold_name(key);
                    st.fields.iter().find(|f| fold_name(f.name) == folded)
                });
            let Some(field) = field else {
                continue;
            };
            if let Some(via) = field.via {
                self.stack.push(via);
            }
            self.structure = Some(st.name);
            self.stack.push(field.name);
            self.decode(value, field.ty);
            self.stack.truncate(saved_depth);
            self.structure = saved_structure;
        }
    }
}

fn fits_int(n: i64, bits: u32) -> bool {
    bits >= 64 || (-(1i64 << (bits - 1))..(1i64 << (bits - 1))).contains(&n)
}

fn fits_uint(n: u64, bits: u32) -> bool {
    bits >= 64 || n < (1u64 << bits)
}

/// Round-trips the overrides through JSON into `specs.Spec`.
pub(super) fn check_runtime_spec_overrides(
    object: &BTreeMap<String, Any>,
) -> Result<(), SpecError> {
    let mut top = Vec::with_capacity(object.len());
    for (key, value) in object {
        top.push((key.as_str(), marshal(value).map_err(SpecError::Marshal)?));
    }
    let mut decoder = Decoder {
        structure: None,
        stack: Vec::new(),
        error: None,
    };
    decoder.decode_struct(&top, &S_SPECS_SPEC);
    match decoder.error {
        Some(err) => Err(SpecError::Unmarshal(err)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::json_float;

    #[test]
    fn floats_print_like_encoding_json() {
        assert_eq!(json_float(1.5), "1.5");
        assert_eq!(json_float(100.0), "100");
        assert_eq!(json_float(1e21), "1e+21");
        assert_eq!(json_float(1.5e-7), "1.5e-7");
        assert_eq!(json_float(0.000001), "0.000001");
    }
}
