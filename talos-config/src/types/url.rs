//! Go package `url` (being typed).
