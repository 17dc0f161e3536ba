//! Go package `nethelpers` (being typed).
