//! Rules of the `security`, `siderolink` and `cluster` package kinds.

use crate::types::cluster::{DiscoveryIdentityConfig, DiscoveryServiceConfig};
use crate::types::security::ImageVerificationConfig;
use crate::types::siderolink::SideroLinkConfig;
use crate::types::v1alpha1::Config as LegacyConfig;
use crate::types::v1alpha1::scalars::base64_decode_bytes;
use crate::validate::{Checked, Context, GoError, JoinedErrors};

fn fail(text: impl Into<String>) -> Checked {
    Checked::error(Some(GoError::msg(text)))
}

pub(super) fn image_verification(doc: &ImageVerificationConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    let mut warnings = Vec::new();
    for (i, rule) in doc.rules.0.iter().enumerate() {
        let pattern = rule.image.as_str();
        if pattern.is_empty() {
            errs.push(format!("rule {i}: imagePattern must be specified"));
        }
        if pattern.contains('@') {
            warnings.push(format!("rule {i}: imagePattern contains '@' but matching only applies to the image registry and repository, not the tag or digest"));
        }
        // A ':' before the first '/' belongs to the registry (a port), after it to a tag.
        if pattern.contains(':')
            && let Some((_, repository)) = pattern.split_once('/')
            && repository.contains(':')
        {
            warnings.push(format!("rule {i}: imagePattern contains ':' but matching only applies to the image registry and repository, not the tag or digest"));
        }
        if !pattern.contains('/') && pattern != "*" && !pattern.is_empty() {
            warnings.push(format!("rule {i}: imagePattern does not contain a '/', image references like 'nginx' are matched as 'docker.io/nginx' (normalized)"));
        }
        let skip = rule.skip == Some(true);
        let deny = rule.deny == Some(true);
        let has_verifier = rule.keyless.is_some() || rule.public_key.is_some();
        if skip && deny {
            errs.push(format!("rule {i}: skip and deny cannot both be true"));
        }
        if (skip || deny) && has_verifier {
            errs.push(format!(
                "rule {i}: verifiers cannot be configured if skip or deny is true"
            ));
        }
        if !skip && !deny && !has_verifier {
            errs.push(format!(
                "rule {i}: at least one verifier must be configured"
            ));
        }
        if rule.keyless.is_some() && rule.public_key.is_some() {
            errs.push(format!(
                "rule {i}: only one of keyless or publicKey verifier can be configured"
            ));
        }
        if let Some(keyless) = &rule.keyless {
            if keyless.issuer.is_empty() {
                errs.push(format!("rule {i}: verifier OIDC issuer must be specified"));
            }
            if keyless.subject.is_empty() && keyless.subject_regex.is_empty() {
                errs.push(format!(
                    "rule {i}: verifier subject or subjectRegex must be specified"
                ));
            }
        }
        if let Some(public_key) = &rule.public_key
            && public_key.certificate.is_empty()
        {
            errs.push(format!("rule {i}: verifier certificates must be specified"));
        }
    }
    Checked {
        warnings,
        error: errs.into_error(),
    }
}

pub(super) fn siderolink(doc: &SideroLinkConfig, _: &Context) -> Checked {
    let Some(url) = &doc.api_url.0 else {
        return fail("apiUrl is required");
    };
    if !matches!(url.scheme(), "https" | "grpc") {
        return fail("apiUrl scheme must be https:// or grpc://");
    }
    if !matches!(&*url.path(), "" | "/") {
        return fail("apiUrl path must be empty");
    }
    Checked::default()
}

pub(super) fn discovery_service(doc: &DiscoveryServiceConfig, _: &Context) -> Checked {
    if doc.name.is_empty() {
        return fail("name is required");
    }
    let Some(url) = &doc.endpoint.0 else {
        return fail("endpoint is required");
    };
    if url.scheme().is_empty() {
        return fail("endpoint scheme is required");
    }
    if !matches!(url.scheme(), "http" | "https" | "grpc") {
        return fail("endpoint scheme must be http://, https:// or grpc://");
    }
    if url.hostname().is_empty() {
        return fail("endpoint host is required");
    }
    Checked::default()
}

pub(super) fn discovery_service_conflicts(
    _: &DiscoveryServiceConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    let legacy_discovery = legacy
        .cluster
        .as_ref()
        .is_some_and(|cluster| cluster.discovery.is_some());
    legacy_discovery.then(|| {
        GoError::at(
            ".cluster.discovery",
            "discovery service is already configured in .cluster.discovery of the v1alpha1 config",
        )
    })
}

/// Size of the cluster secret (an AES-256 key).
const CLUSTER_SECRET_SIZE: usize = 32;

pub(super) fn discovery_identity(doc: &DiscoveryIdentityConfig, _: &Context) -> Checked {
    if doc.cluster_id.is_empty() {
        return fail("clusterID is required");
    }
    let secret = doc.cluster_secret.as_str();
    if secret.is_empty() {
        return fail("clusterSecret is required");
    }
    let problem = match base64_decode_bytes(secret.as_bytes()) {
        Err(at) => Some(format!(
            "failed to decode from base64: {secret}; illegal base64 data at input byte {at}"
        )),
        Ok(bytes) if bytes.len() != CLUSTER_SECRET_SIZE => Some(format!(
            "expected {CLUSTER_SECRET_SIZE} bytes, got {}: {secret}",
            bytes.len()
        )),
        Ok(_) => None,
    };
    match problem {
        Some(problem) => {
            Checked::error(Some(GoError::wrap("invalid clusterSecret", problem.into())))
        }
        None => Checked::default(),
    }
}

pub(super) fn discovery_identity_conflicts(
    _: &DiscoveryIdentityConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    let legacy_identity = legacy
        .cluster
        .as_ref()
        .is_some_and(|cluster| !cluster.id.is_empty() || !cluster.secret.is_empty());
    legacy_identity.then(|| {
        GoError::at(
            ".cluster.id",
            "cluster identity is already configured in .cluster.id/.cluster.secret of the v1alpha1 config",
        )
    })
}
