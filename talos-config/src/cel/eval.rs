//! Evaluation of disk selectors (`provisioning.diskSelector.match`) against a disk, with the
//! `cel` crate's interpreter.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use cel::common::ast::{CallExpr, EntryExpr, Expr, IdedExpr, LiteralValue};
use cel::objects::{Key, Map};
use cel::{Context, ExecutionError, Value};
use serde::{Deserialize, Serialize};

use super::env::{ConstValue, EnvDecls};
use super::types::Type;
use super::{CelError, Environment, check_output_here, with_stack_for};

/// A disk as Talos describes it to disk selectors: the fields of
/// `talos.resource.definitions.block.DiskSpec`, named as in the protobuf (and its JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Disk {
    /// Size in bytes.
    pub size: u64,
    /// Optimal I/O size in bytes.
    pub io_size: u64,
    /// Sector size in bytes.
    pub sector_size: u64,
    /// Whether the disk is read-only.
    pub readonly: bool,
    /// Model.
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// Kernel module alias.
    pub modalias: String,
    /// World Wide Identifier.
    pub wwid: String,
    /// Bus path.
    pub bus_path: String,
    /// Subsystem (e.g. `/sys/class/block`).
    pub sub_system: String,
    /// Transport (`nvme`, `sata`, `usb`, `virtio`, ...).
    pub transport: String,
    /// Whether the disk is rotational.
    pub rotational: bool,
    /// Whether the disk is a CD-ROM.
    pub cdrom: bool,
    /// Device path (`/dev/sda`).
    pub dev_path: String,
    /// Human-readable size.
    pub pretty_size: String,
    /// IDs of the disks this one is a secondary of.
    pub secondary_disks: Vec<String>,
    /// UUID.
    pub uuid: String,
    /// Symlinks to the device (`/dev/disk/by-id/...`).
    pub symlinks: Vec<String>,
    /// Firmware version.
    pub firmware_version: String,
}

const DISK_SPEC: &str = "talos.resource.definitions.block.DiskSpec";

/// A function the interpreter calls for presence tests on disk fields, which follow proto3
/// rules: a scalar field is set when it is not its zero value.
const PROTO_HAS: &str = "@proto_has";

/// Evaluates a disk selector as Talos does (`expr.EvalBool(celenv.DiskLocator(), ...)`): the
/// expression is parsed and checked first (with the same errors as [`super::check_boolean`]),
/// then evaluated with `disk` and `system_disk` bound.
pub fn evaluate_disk_selector(
    expr: &str,
    disk: &Disk,
    system_disk: bool,
) -> Result<bool, CelError> {
    let (owned, disk) = (expr.to_owned(), disk.clone());
    with_stack_for(expr, move || evaluate_here(&owned, &disk, system_disk))
}

fn evaluate_here(expr: &str, disk: &Disk, system_disk: bool) -> Result<bool, CelError> {
    let checked = check_output_here(expr, Environment::DiskLocator, &Type::Bool)?;
    let program = rewrite_presence_tests(checked.expr, &checked.types);

    let mut context = Context::with_env(stdlib_env());
    context.add_variable_from_value("disk", disk_value(disk));
    context.add_variable_from_value("system_disk", system_disk);
    for (name, value) in &EnvDecls::get(Environment::DiskLocator).constants {
        match *value {
            ConstValue::Uint(v) => context.add_variable_from_value(*name, v),
            ConstValue::Int(v) => context.add_variable_from_value(*name, v),
        }
    }
    context
        .add_function("glob", |pattern: Arc<String>, subject: Arc<String>| {
            glob(&pattern, &subject)
        })
        .map_err(|e| CelError::new(e.to_string()))?;
    context
        .add_function(PROTO_HAS, |value: Value, field: Arc<String>| {
            proto_has(&value, &field)
        })
        .map_err(|e| CelError::new(e.to_string()))?;

    match Value::resolve(&program, &context) {
        Ok(Value::Bool(result)) => Ok(result),
        Ok(other) => Err(CelError::new(format!(
            "expression output type is {}, expected bool",
            value_type_name(&other)
        ))),
        Err(err) => Err(CelError::new(go_eval_error(&err))),
    }
}

fn stdlib_env() -> Arc<cel::Env> {
    static ENV: OnceLock<Arc<cel::Env>> = OnceLock::new();
    ENV.get_or_init(|| Arc::new(cel::Env::stdlib())).clone()
}

/// The disk as a CEL map of its fields.
fn disk_value(disk: &Disk) -> Value {
    let string = |s: &str| Value::String(Arc::new(s.to_owned()));
    let strings = |v: &[String]| Value::List(Arc::new(v.iter().map(|s| string(s)).collect()));
    let fields: [(&str, Value); 19] = [
        ("size", Value::UInt(disk.size)),
        ("io_size", Value::UInt(disk.io_size)),
        ("sector_size", Value::UInt(disk.sector_size)),
        ("readonly", Value::Bool(disk.readonly)),
        ("model", string(&disk.model)),
        ("serial", string(&disk.serial)),
        ("modalias", string(&disk.modalias)),
        ("wwid", string(&disk.wwid)),
        ("bus_path", string(&disk.bus_path)),
        ("sub_system", string(&disk.sub_system)),
        ("transport", string(&disk.transport)),
        ("rotational", Value::Bool(disk.rotational)),
        ("cdrom", Value::Bool(disk.cdrom)),
        ("dev_path", string(&disk.dev_path)),
        ("pretty_size", string(&disk.pretty_size)),
        ("secondary_disks", strings(&disk.secondary_disks)),
        ("uuid", string(&disk.uuid)),
        ("symlinks", strings(&disk.symlinks)),
        ("firmware_version", string(&disk.firmware_version)),
    ];
    let map: HashMap<Key, Value> = fields
        .into_iter()
        .map(|(k, v)| (Key::String(Arc::new(k.to_owned())), v))
        .collect();
    Value::Map(Map { map: Arc::new(map) })
}

/// proto3 presence: a field is set when it holds something other than its zero value.
fn proto_has(value: &Value, field: &str) -> bool {
    let Value::Map(map) = value else {
        return false;
    };
    match map.map.get(&Key::String(Arc::new(field.to_owned()))) {
        None | Some(Value::Null) => false,
        Some(Value::UInt(v)) => *v != 0,
        Some(Value::Int(v)) => *v != 0,
        Some(Value::Float(v)) => *v != 0.0,
        Some(Value::Bool(v)) => *v,
        Some(Value::String(v)) => !v.is_empty(),
        Some(Value::Bytes(v)) => !v.is_empty(),
        Some(Value::List(v)) => !v.is_empty(),
        Some(Value::Map(v)) => !v.map.is_empty(),
        Some(_) => true,
    }
}

/// Replaces presence tests on disk messages with [`PROTO_HAS`] calls.
fn rewrite_presence_tests(expr: IdedExpr, types: &HashMap<u64, Type>) -> IdedExpr {
    let id = expr.id;
    let rewrite = |e: IdedExpr| rewrite_presence_tests(e, types);
    let expr = match expr.expr {
        Expr::Select(mut select) => {
            let operand = rewrite(*select.operand);
            let is_disk =
                matches!(types.get(&operand.id), Some(Type::Struct(name)) if name == DISK_SPEC);
            if select.test && is_disk {
                Expr::Call(CallExpr {
                    func_name: PROTO_HAS.to_owned(),
                    target: None,
                    args: vec![
                        operand,
                        IdedExpr {
                            id: 0,
                            expr: Expr::Literal(LiteralValue::String(select.field.into())),
                        },
                    ],
                })
            } else {
                select.operand = Box::new(operand);
                Expr::Select(select)
            }
        }
        Expr::Call(mut call) => {
            call.target = call.target.map(|t| Box::new(rewrite(*t)));
            call.args = call.args.into_iter().map(rewrite).collect();
            Expr::Call(call)
        }
        Expr::Comprehension(mut comp) => {
            comp.iter_range = rewrite(comp.iter_range);
            comp.accu_init = rewrite(comp.accu_init);
            comp.loop_cond = rewrite(comp.loop_cond);
            comp.loop_step = rewrite(comp.loop_step);
            comp.result = rewrite(comp.result);
            Expr::Comprehension(comp)
        }
        Expr::List(mut list) => {
            list.elements = list.elements.into_iter().map(rewrite).collect();
            Expr::List(list)
        }
        Expr::Map(mut map) => {
            for entry in &mut map.entries {
                if let EntryExpr::MapEntry(e) = &mut entry.expr {
                    e.key = rewrite(std::mem::take(&mut e.key));
                    e.value = rewrite(std::mem::take(&mut e.value));
                }
            }
            Expr::Map(map)
        }
        Expr::Struct(mut st) => {
            for entry in &mut st.entries {
                if let EntryExpr::StructField(f) = &mut entry.expr {
                    f.value = rewrite(std::mem::take(&mut f.value));
                }
            }
            Expr::Struct(st)
        }
        other => other,
    };
    IdedExpr { id, expr }
}

/// `github.com/ryanuber/go-glob`: `*` matches any run of characters; nothing else is
/// special.
pub(super) fn glob(pattern: &str, subject: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return subject == pattern;
    }
    let leading = pattern.starts_with('*');
    let trailing = pattern.ends_with('*');
    let end = parts.len() - 1;
    let mut subj = subject;
    for (i, part) in parts[..end].iter().enumerate() {
        match subj.find(part) {
            Some(idx) => {
                if i == 0 && !leading && idx != 0 {
                    return false;
                }
                subj = &subj[idx + part.len()..];
            }
            None => return false,
        }
    }
    trailing || subj.ends_with(parts[end])
}

fn value_type_name(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "list",
        Value::Map(_) => "map",
        Value::Int(_) => "int",
        Value::UInt(_) => "uint",
        Value::Float(_) => "double",
        Value::String(_) => "string",
        Value::Bytes(_) => "bytes",
        Value::Bool(_) => "bool",
        Value::Null => "null_type",
        _ => "dyn",
    }
}

/// cel-go's wording of the evaluation errors a checked disk selector can run into.
fn go_eval_error(err: &ExecutionError) -> String {
    match err {
        ExecutionError::DivisionByZero(_) => "division by zero".to_owned(),
        ExecutionError::RemainderByZero(_) => "modulus by zero".to_owned(),
        ExecutionError::Overflow(_, lhs, _) => match lhs {
            Value::UInt(_) => "unsigned integer overflow".to_owned(),
            _ => "integer overflow".to_owned(),
        },
        ExecutionError::NoSuchKey(key) => format!("no such key: {key}"),
        ExecutionError::FunctionError { function, .. }
            if matches!(function.as_str(), "int" | "uint" | "double") =>
        {
            format!("type conversion error from 'string' to '{function}'")
        }
        ExecutionError::IndexOutOfBounds(index) => match index {
            Value::Int(i) => format!("index out of bounds: {i}"),
            other => format!("index out of bounds: {other:?}"),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_matches_like_go_glob() {
        assert!(glob("", ""));
        assert!(!glob("", "a"));
        assert!(glob("*", ""));
        assert!(glob("/dev/sd*", "/dev/sda"));
        assert!(!glob("/dev/sd*", "/dev/nvme0n1"));
        assert!(glob("*n1", "/dev/nvme0n1"));
        assert!(glob("/dev/*n*1", "/dev/nvme0n1"));
        assert!(!glob("/dev/*x*", "/dev/nvme0n1"));
        assert!(glob("a*b*c", "abc"));
        assert!(!glob("a*b*c", "acb"));
        assert!(glob("[a]", "[a]"));
        assert!(!glob("?", "a"));
    }
}
