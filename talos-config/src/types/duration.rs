//! Go package `duration` (being typed).
