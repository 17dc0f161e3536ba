//! CEL types as cel-go's checker models them (`common/types.Type`), with the naming and
//! assignability rules its messages depend on.

use std::fmt;

/// A CEL type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Type {
    Dyn,
    /// `google.protobuf.Any`.
    Any,
    Error,
    Null,
    Bool,
    Bytes,
    Double,
    Int,
    Uint,
    String,
    Duration,
    Timestamp,
    /// A nullable primitive (protobuf wrapper types): behaves as the primitive, also accepts
    /// `null`.
    Wrapper(Box<Type>),
    List(Box<Type>),
    Map(Box<Type>, Box<Type>),
    /// A protobuf message, by full name.
    Struct(String),
    /// A type as a value: `type`, or `type(T)`.
    Meta(Option<Box<Type>>),
    /// An abstract type such as `optional_type(T)`.
    Opaque(String, Vec<Type>),
    /// A type parameter (`A`, `_var0`).
    Param(String),
}

/// cel-go's `types.Kind`, as far as the checker distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Dyn,
    Any,
    Bool,
    Bytes,
    Double,
    Duration,
    Error,
    Int,
    List,
    Map,
    Null,
    Opaque,
    String,
    Struct,
    Timestamp,
    Type,
    Param,
    Uint,
}

impl Type {
    pub(super) fn list(elem: Type) -> Type {
        Type::List(Box::new(elem))
    }

    pub(super) fn map(key: Type, value: Type) -> Type {
        Type::Map(Box::new(key), Box::new(value))
    }

    pub(super) fn optional(param: Type) -> Type {
        Type::Opaque("optional_type".to_owned(), vec![param])
    }

    pub(super) fn type_of(param: Type) -> Type {
        Type::Meta(Some(Box::new(param)))
    }

    /// The type a protobuf message name stands for: well-known types map to CEL types
    /// (`types.NewObjectType`).
    pub(super) fn object(name: &str) -> Type {
        match name {
            "google.protobuf.BoolValue" => Type::Wrapper(Box::new(Type::Bool)),
            "google.protobuf.BytesValue" => Type::Wrapper(Box::new(Type::Bytes)),
            "google.protobuf.DoubleValue" | "google.protobuf.FloatValue" => {
                Type::Wrapper(Box::new(Type::Double))
            }
            "google.protobuf.Int64Value" | "google.protobuf.Int32Value" => {
                Type::Wrapper(Box::new(Type::Int))
            }
            "google.protobuf.UInt64Value" | "google.protobuf.UInt32Value" => {
                Type::Wrapper(Box::new(Type::Uint))
            }
            "google.protobuf.StringValue" => Type::Wrapper(Box::new(Type::String)),
            "google.protobuf.Any" => Type::Any,
            "google.protobuf.Duration" => Type::Duration,
            "google.protobuf.Timestamp" => Type::Timestamp,
            "google.protobuf.ListValue" => Type::list(Type::Dyn),
            "google.protobuf.NullValue" => Type::Null,
            "google.protobuf.Struct" => Type::map(Type::String, Type::Dyn),
            "google.protobuf.Value" => Type::Dyn,
            _ => Type::Struct(name.to_owned()),
        }
    }

    pub(super) fn kind(&self) -> Kind {
        match self {
            Type::Dyn => Kind::Dyn,
            Type::Any => Kind::Any,
            Type::Error => Kind::Error,
            Type::Null => Kind::Null,
            Type::Bool => Kind::Bool,
            Type::Bytes => Kind::Bytes,
            Type::Double => Kind::Double,
            Type::Int => Kind::Int,
            Type::Uint => Kind::Uint,
            Type::String => Kind::String,
            Type::Duration => Kind::Duration,
            Type::Timestamp => Kind::Timestamp,
            Type::Wrapper(inner) => inner.kind(),
            Type::List(_) => Kind::List,
            Type::Map(..) => Kind::Map,
            Type::Struct(_) => Kind::Struct,
            Type::Meta(_) => Kind::Type,
            Type::Opaque(..) => Kind::Opaque,
            Type::Param(_) => Kind::Param,
        }
    }

    /// The type's parameters (`Type.Parameters()`).
    pub(super) fn params(&self) -> Vec<&Type> {
        match self {
            Type::Wrapper(inner) => inner.params(),
            Type::List(e) => vec![e],
            Type::Map(k, v) => vec![k, v],
            Type::Meta(Some(p)) => vec![p],
            Type::Opaque(_, ps) => ps.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// `Type.TypeName()`.
    pub(super) fn type_name(&self) -> &str {
        match self {
            Type::Dyn => "dyn",
            Type::Any => "google.protobuf.Any",
            Type::Error => "error",
            Type::Null => "null_type",
            Type::Bool => "bool",
            Type::Bytes => "bytes",
            Type::Double => "double",
            Type::Int => "int",
            Type::Uint => "uint",
            Type::String => "string",
            Type::Duration => "google.protobuf.Duration",
            Type::Timestamp => "google.protobuf.Timestamp",
            Type::Wrapper(inner) => inner.type_name(),
            Type::List(_) => "list",
            Type::Map(..) => "map",
            Type::Struct(name) | Type::Opaque(name, _) | Type::Param(name) => name,
            Type::Meta(_) => "type",
        }
    }

    /// Dyn-like for assignability: dyn, any and type parameters (`Type.isDyn`).
    fn is_dyn_like(&self) -> bool {
        matches!(self.kind(), Kind::Dyn | Kind::Any | Kind::Param)
    }

    /// `Type.DeclaredTypeName()`: wrappers read `wrapper(T)`.
    pub(super) fn declared_type_name(&self) -> String {
        if matches!(self, Type::Wrapper(_)) {
            format!("wrapper({})", self.type_name())
        } else {
            self.type_name().to_owned()
        }
    }

    /// `Type.IsExactType`: same kind, name and parameters (wrappers equal their primitive).
    pub(super) fn is_exact(&self, other: &Type) -> bool {
        if self.kind() != other.kind() || self.type_name() != other.type_name() {
            return false;
        }
        let (a, b) = (self.params(), other.params());
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.is_exact(y))
    }

    /// `Type.IsAssignableType(from)`.
    pub(super) fn is_assignable_type(&self, from: &Type) -> bool {
        if let Type::Wrapper(inner) = self {
            return from.kind() == Kind::Null || inner.is_assignable_type(from);
        }
        if self == from || self.is_dyn_like() {
            return true;
        }
        if self.kind() != from.kind() || self.type_name() != from.type_name() {
            return false;
        }
        let (a, b) = (self.params(), from.params());
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.is_assignable_type(y))
    }

    /// Parses the notation cel-go's `FormatCELType` prints, as the generated declarations
    /// use it. Single capital letters are type parameters.
    pub(super) fn parse(text: &str) -> Type {
        let text = text.trim();
        if let Some(open) = text.find('(') {
            let name = &text[..open];
            let inner = &text[open + 1..text.len() - 1];
            let params: Vec<Type> = split_params(inner).into_iter().map(Type::parse).collect();
            let mut params = params.into_iter();
            let mut next = || params.next().unwrap_or(Type::Dyn);
            return match name {
                "list" => Type::list(next()),
                "map" => {
                    let key = next();
                    Type::map(key, next())
                }
                "type" => Type::type_of(next()),
                "wrapper" => Type::Wrapper(Box::new(next())),
                _ => {
                    let mut all = vec![next()];
                    all.extend(params);
                    Type::Opaque(name.to_owned(), all)
                }
            };
        }
        match text {
            "dyn" => Type::Dyn,
            "any" => Type::Any,
            "!error!" => Type::Error,
            "null" => Type::Null,
            "bool" => Type::Bool,
            "bytes" => Type::Bytes,
            "double" => Type::Double,
            "int" => Type::Int,
            "uint" => Type::Uint,
            "string" => Type::String,
            "duration" => Type::Duration,
            "timestamp" => Type::Timestamp,
            "type" => Type::Meta(None),
            _ if text.len() == 1 && text.chars().all(|c| c.is_ascii_uppercase()) => {
                Type::Param(text.to_owned())
            }
            _ => Type::object(text),
        }
    }
}

fn split_params(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// cel-go's `checker.FormatCELType`, the notation of checker messages.
pub(super) struct CelFormat<'a>(pub &'a Type);

impl fmt::Display for CelFormat<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        match t.kind() {
            Kind::Any => return f.write_str("any"),
            Kind::Duration => return f.write_str("duration"),
            Kind::Error => return f.write_str("!error!"),
            Kind::Null => return f.write_str("null"),
            Kind::Timestamp => return f.write_str("timestamp"),
            Kind::Param => return f.write_str(t.type_name()),
            _ => {}
        }
        let params = t.params();
        if params.is_empty() {
            return f.write_str(&t.declared_type_name());
        }
        write!(f, "{}(", t.type_name())?;
        for (i, p) in params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", CelFormat(p))?;
        }
        f.write_str(")")
    }
}

/// cel-go's `Type.String()`, as `%s` prints a type in Talos' output-type message.
pub(super) struct GoString<'a>(pub &'a Type);

impl fmt::Display for GoString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        if t.kind() == Kind::Param {
            return write!(f, "<{}>", t.declared_type_name());
        }
        let params = t.params();
        if params.is_empty() {
            return f.write_str(&t.declared_type_name());
        }
        write!(f, "{}(", t.declared_type_name())?;
        for (i, p) in params.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", GoString(p))?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_cel_go() {
        for text in [
            "int",
            "list(string)",
            "map(string, dyn)",
            "optional_type(list(V))",
            "wrapper(int)",
            "type(talos.resource.definitions.block.DiskSpec)",
            "any",
            "null",
            "duration",
        ] {
            assert_eq!(CelFormat(&Type::parse(text)).to_string(), text);
        }
        assert_eq!(GoString(&Type::Any).to_string(), "google.protobuf.Any");
        assert_eq!(
            GoString(&Type::list(Type::Null)).to_string(),
            "list(null_type)"
        );
    }
}
