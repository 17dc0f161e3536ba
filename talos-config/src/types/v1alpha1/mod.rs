//! The legacy `v1alpha1` document (being typed).
