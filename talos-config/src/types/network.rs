//! Go package `network` (being typed).
