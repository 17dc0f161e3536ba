//! Go package `storage` (being typed).
