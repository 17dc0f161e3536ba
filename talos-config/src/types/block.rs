//! Go package `block` (being typed).
