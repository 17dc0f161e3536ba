//! Go package `cluster` (being typed).
