//! Go package `meta` (being typed).
