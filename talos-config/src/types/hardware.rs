//! Go package `hardware` (being typed).
