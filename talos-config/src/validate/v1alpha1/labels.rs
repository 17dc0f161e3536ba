//! Talos' `labels` package (its adaptation of Kubernetes' apimachinery rules): node labels,
//! annotations and taints, with its error texts.

use std::collections::BTreeMap;

use crate::goyaml::go_quote;
use crate::validate::{GoError, MultiError};

/// Taint effects Kubernetes knows.
const VALID_EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// Annotations Talos keeps for itself.
const RESERVED_ANNOTATIONS: [&str; 3] = [
    "talos.dev/owned-annotations",
    "talos.dev/owned-labels",
    "talos.dev/owned-taints",
];

/// The limit on all annotation keys and values together (256 KiB).
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`.
fn is_qualified_name_part(name: &str) -> bool {
    let b = name.as_bytes();
    let (Some(first), Some(last)) = (b.first(), b.last()) else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`.
fn is_dns1123_subdomain(value: &str) -> bool {
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    value.split('.').all(|label| {
        let b = label.as_bytes();
        match (b.first(), b.last()) {
            (Some(first), Some(last)) => {
                alnum(first) && alnum(last) && b.iter().all(|c| alnum(c) || *c == b'-')
            }
            _ => false,
        }
    })
}

/// `ValidateDNS1123Subdomain`.
fn validate_dns1123_subdomain(value: &str) -> Result<(), String> {
    if value.len() > 253 {
        return Err(format!(
            "domain name length exceeds limit of 253: {}",
            go_quote(value)
        ));
    }
    if !is_dns1123_subdomain(value) {
        return Err(format!(
            "domain doesn't match required format: {}",
            go_quote(value)
        ));
    }
    Ok(())
}

/// `ValidateQualifiedName`: an optional DNS subdomain prefix and `/`, then a name of at most
/// 63 characters.
pub(in crate::validate) fn validate_qualified_name(value: &str) -> Result<(), String> {
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                return Err(format!("prefix cannot be empty: {}", go_quote(value)));
            }
            if let Err(err) = validate_dns1123_subdomain(prefix) {
                return Err(format!("prefix {} is invalid: {err}", go_quote(prefix)));
            }
            *name
        }
        _ => {
            return Err(format!(
                "invalid format: too many slashes: {}",
                go_quote(value)
            ));
        }
    };
    if name.is_empty() {
        Err(format!("name cannot be empty: {}", go_quote(value)))
    } else if name.len() > 63 {
        Err(format!(
            "name is too long: {} (limit is 63)",
            go_quote(value)
        ))
    } else if !is_qualified_name_part(name) {
        Err(format!("name {} is invalid", go_quote(name)))
    } else {
        Ok(())
    }
}

/// `ValidateLabelValue`: empty or a qualified name part of at most 63 characters.
pub(super) fn validate_label_value(value: &str) -> Result<(), String> {
    if value.len() > 63 {
        return Err(format!(
            "label value length exceeds limit of 63: {}",
            go_quote(value)
        ));
    }
    if !value.is_empty() && !is_qualified_name_part(value) {
        return Err(format!("label value {} is invalid", go_quote(value)));
    }
    Ok(())
}

/// `labels.Validate` (keys in sorted order).
pub(super) fn validate_labels(labels: &BTreeMap<String, String>) -> Option<GoError> {
    let mut errs = MultiError::new();
    for (key, value) in labels {
        if let Err(err) = validate_qualified_name(key) {
            errs.push(err);
        }
        if let Err(err) = validate_label_value(value) {
            errs.push(err);
        }
    }
    errs.into_error()
}

/// `labels.ValidateAnnotations`.
pub(super) fn validate_annotations(annotations: &BTreeMap<String, String>) -> Option<GoError> {
    let mut errs = MultiError::new();
    let mut size = 0usize;
    for (key, value) in annotations {
        if let Err(err) = validate_qualified_name(key) {
            errs.push(err);
        }
        if RESERVED_ANNOTATIONS.contains(&key.as_str()) {
            errs.push(format!("annotation {} is reserved", go_quote(key)));
        }
        size += key.len() + value.len();
    }
    if size > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(format!(
            "total annotation size exceeds limit of {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"
        ));
    }
    errs.into_error()
}

/// `labels.ValidateTaints`: `value:effect` or just `effect`.
pub(super) fn validate_taints(taints: &BTreeMap<String, String>) -> Option<GoError> {
    let mut errs = MultiError::new();
    for (key, taint) in taints {
        if let Err(err) = validate_qualified_name(key) {
            errs.push(err);
            continue;
        }
        let (value, effect) = match taint.split_once(':') {
            Some((value, effect)) => (Some(value), effect),
            None => (None, taint.as_str()),
        };
        if !VALID_EFFECTS.contains(&effect) {
            errs.push(format!("invalid taint effect: {}", go_quote(effect)));
            continue;
        }
        if let Some(value) = value
            && let Err(err) = validate_label_value(value)
        {
            errs.push(err);
        }
    }
    errs.into_error()
}
