//! Rules of the `cri` package kinds: registry mirrors, authentication and TLS, the image cache
//! and the containerd customizations.

use super::x509;
use crate::goyaml::go_quote;
use crate::types::cri::{
    CriBaseRuntimeSpecConfig, CriCustomizationConfig, ImageCacheConfig, RegistryAuthConfig,
    RegistryMirrorConfig, RegistryTlsConfig,
};
use crate::types::v1alpha1::Config as LegacyConfig;
use crate::validate::v1alpha1::labels::validate_qualified_name;
use crate::validate::{Checked, Context, GoError, JoinedErrors};

pub(super) fn registry_mirror(doc: &RegistryMirrorConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("name must be specified");
    }
    for (idx, endpoint) in doc.endpoints.iter().enumerate() {
        match &endpoint.url.0 {
            None => errs.push(format!("endpoints[{idx}].url must be specified")),
            Some(url) if !matches!(url.scheme(), "http" | "https") => errs.push(format!(
                "endpoints[{idx}].url has unsupported scheme: {}",
                go_quote(url.scheme())
            )),
            Some(_) => {}
        }
    }
    Checked::error(errs.into_error())
}

pub(super) fn registry_auth(doc: &RegistryAuthConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("name must be specified");
    }
    let has_username = !doc.username.is_empty();
    let has_token = !doc.identity_token.is_empty();
    let has_auth = !doc.auth.is_empty();
    if has_username && has_token {
        errs.push("only one of username/password or identityToken authentication can be specified");
    }
    if has_auth && (has_username || has_token) {
        errs.push(
            "only one of auth, username/password or identityToken authentication can be specified",
        );
    }
    Checked::error(errs.into_error())
}

pub(super) fn registry_tls(doc: &RegistryTlsConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if doc.name.is_empty() {
        errs.push("name must be specified");
    }
    if !doc.ca.is_empty() && !x509::append_certs_from_pem(doc.ca.as_bytes()) {
        errs.push("ca must be a valid PEM-encoded certificate");
    }
    if let Some(identity) = &doc.client_identity {
        if let Err(err) = x509::get_cert(identity.cert.as_bytes()) {
            errs.push(GoError::wrap(
                "client identity certificate is invalid",
                err.into(),
            ));
        }
        if let Err(err) = x509::get_pkcs8_private_key(identity.key.as_bytes()) {
            errs.push(GoError::wrap("client identity key is invalid", err.into()));
        }
    }
    Checked::error(errs.into_error())
}

pub(super) fn image_cache_conflicts(
    _: &ImageCacheConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    let legacy_cache = legacy
        .machine
        .as_ref()
        .and_then(|machine| machine.features.as_ref())
        .is_some_and(|features| features.image_cache.is_some());
    legacy_cache.then(|| {
        GoError::at(
            ".machine.features.imageCache",
            "image cache config is already set in v1alpha1 config",
        )
    })
}

/// The name the legacy `/etc/cri/conf.d/20-customization.part` machine file is merged under.
const LEGACY_CRI_CUSTOMIZATION_NAME: &str = "customization";

pub(super) fn cri_customization(doc: &CriCustomizationConfig, _: &Context) -> Checked {
    let mut errs = JoinedErrors::new();
    if let Err(err) = validate_qualified_name(&doc.name) {
        errs.push(GoError::wrap("invalid name", err.into()));
    }
    if doc.name == LEGACY_CRI_CUSTOMIZATION_NAME {
        errs.push(format!(
            "name {} is reserved for the legacy CRI customization",
            go_quote(&doc.name)
        ));
    }
    Checked::error(errs.into_error())
}

pub(super) fn cri_base_runtime_spec_conflicts(
    _: &CriBaseRuntimeSpecConfig,
    legacy: &LegacyConfig,
) -> Option<GoError> {
    // Go checks the decoded map for nil, and go-yaml only allocates it for a first key.
    let legacy_overrides = legacy
        .machine
        .as_ref()
        .is_some_and(|machine| !machine.base_runtime_spec_overrides.object.is_empty());
    legacy_overrides.then(|| {
        GoError::at(
            ".machine.baseRuntimeSpecOverrides",
            "base runtime spec overrides are already set in v1alpha1 config",
        )
    })
}
