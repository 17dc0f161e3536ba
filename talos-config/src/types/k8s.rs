//! Go package `k8s` (being typed).
