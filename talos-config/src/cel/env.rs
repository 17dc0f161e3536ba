//! The declarations of Talos' CEL environments (`celenv`): variables, constants, functions
//! and the protobuf types their type providers know.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Environment;
use super::generated::{self, Enum, Function, Message};
use super::types::Type;

/// One overload of a function.
#[derive(Debug)]
pub(super) struct OverloadDecl {
    pub member: bool,
    pub args: Vec<Type>,
    pub result: Type,
    /// Names of the type parameters the signature uses.
    pub type_params: Vec<String>,
    /// A cross-type numeric comparison, which the checker skips while they are disabled.
    pub cross_type_numeric: bool,
}

/// A function with its overloads in resolution order.
#[derive(Debug)]
pub(super) struct FunctionDecl {
    pub name: String,
    pub overloads: Vec<OverloadDecl>,
}

/// Everything the checker resolves names against in one environment.
pub(super) struct EnvDecls {
    /// Variables and constants.
    idents: HashMap<&'static str, Type>,
    /// Constant values (size units and QoS classes).
    pub constants: HashMap<&'static str, ConstValue>,
    functions: HashMap<String, FunctionDecl>,
    messages: HashMap<&'static str, &'static [(&'static str, &'static str)]>,
    enum_values: HashMap<String, i64>,
    /// Whether `cel.OptionalTypes()` is part of the environment.
    pub optional: bool,
}

/// The value of a declared constant.
#[derive(Debug, Clone, Copy)]
pub(super) enum ConstValue {
    Int(i64),
    Uint(u64),
}

/// Cross-type numeric comparisons: declared by the standard library, but disabled unless
/// `cel.CrossTypeNumericComparisons(true)`, which Talos does not set.
const CROSS_TYPE_NUMERIC_OVERLOADS: &[&str] = &[
    "less_double_int64",
    "less_double_uint64",
    "less_equals_double_int64",
    "less_equals_double_uint64",
    "greater_double_int64",
    "greater_double_uint64",
    "greater_equals_double_int64",
    "greater_equals_double_uint64",
    "less_int64_double",
    "less_int64_uint64",
    "less_equals_int64_double",
    "less_equals_int64_uint64",
    "greater_int64_double",
    "greater_int64_uint64",
    "greater_equals_int64_double",
    "greater_equals_int64_uint64",
    "less_uint64_double",
    "less_uint64_int64",
    "less_equals_uint64_double",
    "less_equals_uint64_int64",
    "greater_uint64_double",
    "greater_uint64_int64",
    "greater_equals_uint64_double",
    "greater_equals_uint64_int64",
];

/// Size units every locator environment declares as `uint` constants.
const UNIT_MULTIPLIERS: &[(&str, u64)] = &[
    ("KiB", 1 << 10),
    ("MiB", 1 << 20),
    ("GiB", 1 << 30),
    ("TiB", 1 << 40),
    ("PiB", 1 << 50),
    ("EiB", 1 << 60),
    ("kB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
    ("PB", 1_000_000_000_000_000),
    ("EB", 1_000_000_000_000_000_000),
];

/// QoS cgroup classes the OOM environments declare as `int` constants.
const CGROUP_CLASSES: &[(&str, i64)] = &[
    ("Besteffort", 0),
    ("Burstable", 1),
    ("Guaranteed", 2),
    ("Podruntime", 3),
    ("System", 4),
];

const OOM_TRIGGER_DOUBLES: &[&str] = &[
    "memory_some_avg10",
    "memory_some_avg60",
    "memory_some_avg300",
    "memory_some_total",
    "memory_full_avg10",
    "memory_full_avg60",
    "memory_full_avg300",
    "memory_full_total",
    "d_memory_some_avg10",
    "d_memory_some_avg60",
    "d_memory_some_avg300",
    "d_memory_some_total",
    "d_memory_full_avg10",
    "d_memory_full_avg60",
    "d_memory_full_avg300",
    "d_memory_full_total",
];

const OOM_TRIGGER_QOS_MAPS: &[&str] = &[
    "qos_memory_some_avg10",
    "qos_memory_some_avg60",
    "qos_memory_some_avg300",
    "qos_memory_some_total",
    "qos_memory_full_avg10",
    "qos_memory_full_avg60",
    "qos_memory_full_avg300",
    "qos_memory_full_total",
    "d_qos_memory_some_avg10",
    "d_qos_memory_some_avg60",
    "d_qos_memory_some_avg300",
    "d_qos_memory_some_total",
    "d_qos_memory_full_avg10",
    "d_qos_memory_full_avg60",
    "d_qos_memory_full_avg300",
    "d_qos_memory_full_total",
    "qos_memory_current",
    "qos_memory_peak",
    "qos_memory_max",
    "d_qos_memory_current",
    "d_qos_memory_peak",
    "d_qos_memory_max",
];

const DISK_SPEC: &str = "talos.resource.definitions.block.DiskSpec";
const VOLUME_SPEC: &str = "talos.resource.definitions.block.DiscoveredVolumeSpec";
const LINK_STATUS_SPEC: &str = "talos.resource.definitions.network.LinkStatusSpec";

impl EnvDecls {
    /// The declarations of `env`, built once.
    pub(super) fn get(env: Environment) -> &'static EnvDecls {
        static CELLS: [OnceLock<EnvDecls>; 6] = [const { OnceLock::new() }; 6];
        let index = match env {
            Environment::Empty => 0,
            Environment::DiskLocator => 1,
            Environment::VolumeLocator => 2,
            Environment::LinkLocator => 3,
            Environment::OomTrigger => 4,
            Environment::OomCgroupScoring => 5,
        };
        CELLS[index].get_or_init(|| EnvDecls::build(env))
    }

    fn build(env: Environment) -> EnvDecls {
        let mut decls = EnvDecls {
            idents: HashMap::new(),
            constants: HashMap::new(),
            functions: HashMap::new(),
            messages: HashMap::new(),
            enum_values: HashMap::new(),
            optional: matches!(env, Environment::OomTrigger | Environment::OomCgroupScoring),
        };
        decls.add_functions(generated::STANDARD_FUNCTIONS, None);
        decls.add_messages(generated::BASE_MESSAGES);
        decls.add_enums(generated::BASE_ENUMS);
        if decls.optional {
            decls.add_functions(generated::OPTIONAL_FUNCTIONS, None);
        }
        let units = |decls: &mut EnvDecls| {
            for &(name, value) in UNIT_MULTIPLIERS {
                decls.idents.insert(name, Type::Uint);
                decls.constants.insert(name, ConstValue::Uint(value));
            }
        };
        let classes = |decls: &mut EnvDecls| {
            for &(name, value) in CGROUP_CLASSES {
                decls.idents.insert(name, Type::Int);
                decls.constants.insert(name, ConstValue::Int(value));
            }
        };
        match env {
            Environment::Empty => {}
            Environment::DiskLocator | Environment::VolumeLocator => {
                decls.add_messages(generated::BLOCK_MESSAGES);
                decls.add_enums(generated::SHARED_ENUMS);
                decls.add_enums(generated::BLOCK_ENUMS);
                decls
                    .idents
                    .insert("disk", Type::Struct(DISK_SPEC.to_owned()));
                if env == Environment::DiskLocator {
                    decls.idents.insert("system_disk", Type::Bool);
                    decls.add_functions(generated::TALOS_FUNCTIONS, Some(&["glob"]));
                } else {
                    decls
                        .idents
                        .insert("volume", Type::Struct(VOLUME_SPEC.to_owned()));
                }
                units(&mut decls);
            }
            Environment::LinkLocator => {
                decls.add_messages(generated::NETWORK_MESSAGES);
                decls.add_enums(generated::SHARED_ENUMS);
                decls.add_enums(generated::NETWORK_ENUMS);
                decls
                    .idents
                    .insert("link", Type::Struct(LINK_STATUS_SPEC.to_owned()));
                decls.add_functions(generated::TALOS_FUNCTIONS, Some(&["glob", "mac"]));
            }
            Environment::OomTrigger => {
                for name in OOM_TRIGGER_DOUBLES {
                    decls.idents.insert(name, Type::Double);
                }
                for name in OOM_TRIGGER_QOS_MAPS {
                    decls
                        .idents
                        .insert(name, Type::map(Type::Int, Type::Double));
                }
                decls.idents.insert("time_since_trigger", Type::Duration);
                decls.add_functions(generated::TALOS_FUNCTIONS, Some(&["multiply_qos_vectors"]));
                units(&mut decls);
                classes(&mut decls);
            }
            Environment::OomCgroupScoring => {
                for name in ["memory_max", "memory_current", "memory_peak"] {
                    decls.idents.insert(name, Type::optional(Type::Uint));
                }
                decls.idents.insert("path", Type::String);
                decls.idents.insert("class", Type::Int);
                units(&mut decls);
                classes(&mut decls);
            }
        }
        decls
    }

    fn add_functions(&mut self, functions: &'static [Function], only: Option<&[&str]>) {
        for &(name, overloads) in functions {
            if only.is_some_and(|only| !only.contains(&name)) {
                continue;
            }
            let decl = self
                .functions
                .entry(name.to_owned())
                .or_insert_with(|| FunctionDecl {
                    name: name.to_owned(),
                    overloads: Vec::new(),
                });
            for &(id, member, args, result) in overloads {
                let args: Vec<Type> = args.iter().map(|a| Type::parse(a)).collect();
                let result = Type::parse(result);
                let mut type_params = Vec::new();
                for t in args.iter().chain(std::iter::once(&result)) {
                    collect_params(t, &mut type_params);
                }
                decl.overloads.push(OverloadDecl {
                    member,
                    args,
                    result,
                    type_params,
                    cross_type_numeric: CROSS_TYPE_NUMERIC_OVERLOADS.contains(&id),
                });
            }
        }
    }

    fn add_messages(&mut self, messages: &'static [Message]) {
        for &(name, fields) in messages {
            self.messages.insert(name, fields);
        }
    }

    fn add_enums(&mut self, enums: &'static [Enum]) {
        for &(name, values) in enums {
            for &(value, number) in values {
                self.enum_values.insert(format!("{name}.{value}"), number);
            }
        }
    }

    /// A function by (fully qualified) name.
    pub(super) fn function(&self, name: &str) -> Option<&FunctionDecl> {
        self.functions.get(name.strip_prefix('.').unwrap_or(name))
    }

    /// Whether the provider knows the message type.
    pub(super) fn has_message(&self, name: &str) -> bool {
        self.messages
            .contains_key(name.strip_prefix('.').unwrap_or(name))
    }

    /// The CEL type of a message field (`FindStructFieldType`).
    pub(super) fn field_type(&self, message: &str, field: &str) -> Option<Type> {
        let fields = self
            .messages
            .get(message.strip_prefix('.').unwrap_or(message))?;
        fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, t)| Type::parse(t))
    }

    /// A global identifier: a variable or constant, a type name, or an enum value
    /// (`checker.Env.lookupGlobalIdent`).
    pub(super) fn global_ident(&self, name: &str) -> Option<Type> {
        if let Some(t) = self.idents.get(name) {
            return Some(t.clone());
        }
        if let Some(t) = self.type_ident(name) {
            return Some(Type::type_of(t));
        }
        if self.has_message(name) {
            return Some(Type::type_of(Type::object(name.trim_start_matches('.'))));
        }
        if self
            .enum_values
            .contains_key(name.strip_prefix('.').unwrap_or(name))
        {
            return Some(Type::Int);
        }
        None
    }

    /// Names the type provider resolves to a type (`Registry.FindIdent` for types).
    pub(super) fn type_ident(&self, name: &str) -> Option<Type> {
        Some(match name {
            "bool" => Type::Bool,
            "bytes" => Type::Bytes,
            "double" => Type::Double,
            "int" => Type::Int,
            "list" => Type::list(Type::Dyn),
            "map" => Type::map(Type::Dyn, Type::Dyn),
            "null_type" => Type::Null,
            "string" => Type::String,
            "type" => Type::Meta(None),
            "uint" => Type::Uint,
            "google.protobuf.Duration" => Type::Duration,
            "google.protobuf.Timestamp" => Type::Timestamp,
            "optional_type" if self.optional => Type::optional(Type::Dyn),
            _ => return None,
        })
    }
}

fn collect_params(t: &Type, out: &mut Vec<String>) {
    if let Type::Param(name) = t {
        if !out.contains(name) {
            out.push(name.clone());
        }
        return;
    }
    for p in t.params() {
        collect_params(p, out);
    }
}
