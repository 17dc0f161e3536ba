//! The legacy document's rules (`v1alpha1_validation.go`).

use super::{Checked, Context};
use crate::types::v1alpha1::Config;

/// Go's `(*v1alpha1.Config).Validate(mode, WithLocal(), [WithStrict()])`.
pub(super) fn validate(_config: &Config, _ctx: &Context) -> Checked {
    Checked::default()
}
