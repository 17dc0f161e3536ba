//! Go package `security` (`pkg/machinery/config/types/security`): trusted CA roots and image
//! signature verification.

use crate::GoYaml;
use crate::types::block::macros::go_named_slice;

/// `TrustedRootsConfig`: extra trusted CA certificates.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "security.TrustedRootsConfigV1Alpha1",
    kind = "TrustedRootsConfig",
    since = "1.8"
)]
pub struct TrustedRootsConfig {
    /// Name of the bundle.
    #[go(yaml = "name")]
    pub name: String,
    /// PEM certificates.
    #[go(yaml = "certificates")]
    pub certificates: String,
}

/// `ImageVerificationConfig`: signature verification rules for container images.
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(
    name = "security.ImageVerificationConfigV1Alpha1",
    kind = "ImageVerificationConfig",
    since = "1.13"
)]
pub struct ImageVerificationConfig {
    /// Rules, first match wins.
    #[go(yaml = "rules", omitempty)]
    pub rules: ImageVerificationRules,
}

go_named_slice! {
    /// The rules of an image verification config (`security.ImageVerificationRules`).
    pub struct ImageVerificationRules(Vec<ImageVerificationRule>) = "security.ImageVerificationRules";
}

impl ImageVerificationRules {
    /// Go's `ImageVerificationRules.Merge`: a rule replaces the left rule with its image
    /// pattern (the last one, if several), else it is appended.
    fn merge_list(
        &mut self,
        right: ImageVerificationRules,
        _src: crate::goyaml::merge::Src<'_>,
        _opts: crate::goyaml::merge::MergeOpts,
    ) -> Result<(), crate::goyaml::merge::MergeError> {
        let mut by_pattern: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for (i, rule) in self.0.iter().enumerate() {
            by_pattern.insert(rule.image.clone(), i);
        }
        for rule in right.0 {
            match by_pattern.get(&rule.image) {
                Some(&i) => self.0[i] = rule,
                None => self.0.push(rule),
            }
        }
        Ok(())
    }
}

/// One verification rule (`security.ImageVerificationRuleV1Alpha1`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "security.ImageVerificationRuleV1Alpha1")]
pub struct ImageVerificationRule {
    /// Image reference pattern.
    #[go(yaml = "image", omitempty)]
    pub image: String,
    /// Skip verification.
    #[go(yaml = "skip", omitempty)]
    pub skip: Option<bool>,
    /// Refuse matching images.
    #[go(yaml = "deny", omitempty)]
    pub deny: Option<bool>,
    /// Keyless (Sigstore) verification.
    #[go(yaml = "keyless", omitempty)]
    pub keyless: Option<ImageKeylessVerifier>,
    /// Public key verification.
    #[go(yaml = "publicKey", omitempty)]
    pub public_key: Option<ImagePublicKeyVerifier>,
}

/// Keyless signature verification (`security.ImageKeylessVerifierV1Alpha1`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "security.ImageKeylessVerifierV1Alpha1")]
pub struct ImageKeylessVerifier {
    /// OIDC issuer.
    #[go(yaml = "issuer", omitempty)]
    pub issuer: String,
    /// Certificate subject.
    #[go(yaml = "subject", omitempty)]
    pub subject: String,
    /// Certificate subject regular expression.
    #[go(yaml = "subjectRegex", omitempty)]
    pub subject_regex: String,
}

/// Public key signature verification (`security.ImagePublicKeyVerifierV1Alpha1`).
#[derive(Debug, Clone, PartialEq, Default, GoYaml)]
#[go(name = "security.ImagePublicKeyVerifierV1Alpha1")]
pub struct ImagePublicKeyVerifier {
    /// PEM public key or certificate.
    #[go(yaml = "certificate", omitempty)]
    pub certificate: String,
}
