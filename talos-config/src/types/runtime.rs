//! Go package `runtime` (being typed).
