//! Go's `cel.Expression` as config documents carry it: the CEL source text, kept verbatim
//! (Talos parses and type-checks it only during validation).

/// A Common Expression Language expression (`cel.Expression`), e.g.
/// `disk.transport == "nvme" && !system_disk`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CelExpression(pub String);

impl CelExpression {
    /// An expression with the given source text.
    pub fn new(text: impl Into<String>) -> CelExpression {
        CelExpression(text.into())
    }

    /// Go's `UnmarshalText`: any text is accepted; empty text leaves the expression unset.
    pub fn parse(text: &str) -> Result<CelExpression, String> {
        Ok(CelExpression(text.to_owned()))
    }

    /// Go's `MarshalText`: the source text.
    pub fn format(&self) -> String {
        self.0.clone()
    }

    /// Whether no expression is set (Go's `IsZero`).
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The source text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::go_text_type!(CelExpression, "cel.Expression");
