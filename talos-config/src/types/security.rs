//! Go package `security` (being typed).
