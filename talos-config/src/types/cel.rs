//! Go's `cel.Expression` as config documents carry it: the CEL source text, kept verbatim
//! (Talos compiles and type-checks it only during validation).

use std::borrow::Cow;

use crate::goyaml::{Decoder, GoYaml, Node, text_scalar};

/// A Common Expression Language expression (`cel.Expression`), e.g.
/// `disk.transport == "nvme" && !system_disk`. Empty text means no expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct CelExpression(pub String);

impl CelExpression {
    /// An expression with the given source text.
    pub fn new(text: impl Into<String>) -> CelExpression {
        CelExpression(text.into())
    }

    /// The source text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl GoYaml for CelExpression {
    fn go_type() -> Cow<'static, str> {
        Cow::Borrowed("cel.Expression")
    }

    fn construct(&mut self, node: &Node, decoder: &mut Decoder) -> bool {
        let Some(text) = text_scalar(node, decoder, "cel.Expression") else {
            return false;
        };
        // Go's UnmarshalText ignores empty text (the previous value stays).
        if !text.is_empty() {
            self.0 = text.to_owned();
        }
        true
    }

    fn encode(&self) -> Node {
        Node::string(&self.0)
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// Go's `Expression.Merge`: the right expression replaces, even an empty one.
    fn merge_from(
        &mut self,
        right: CelExpression,
        _src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        *self = right;
        Ok(())
    }
}
