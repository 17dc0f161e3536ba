//! Go package `extensions` (being typed).
