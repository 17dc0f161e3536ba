//! Type-checking of parsed expressions against an environment, following cel-go's checker
//! (`checker/checker.go`, `checker/types.go`): the same overload resolution, type
//! unification and error messages at the same positions.

use std::collections::HashMap;

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, SourceInfo};

use super::env::{EnvDecls, FunctionDecl};
use super::errors::{Errors, Location, Source};
use super::types::{CelFormat, Kind, Type};

const LOGICAL_AND: &str = "_&&_";
const LOGICAL_OR: &str = "_||_";
const OPT_SELECT: &str = "_?._";

/// The outcome of checking: the expression's type, or the errors.
pub(super) fn check(
    expr: &IdedExpr,
    info: &SourceInfo,
    source: &Source<'_>,
    env: &EnvDecls,
) -> Result<(Type, HashMap<u64, Type>), Errors> {
    let mut checker = Checker {
        env,
        info,
        source,
        errors: Errors::default(),
        types: HashMap::new(),
        mapping: Mapping::default(),
        free_type_vars: 0,
        scopes: Vec::new(),
        cross_type_numeric: false,
        negative_literals: Vec::new(),
    };
    checker.check(expr);
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    let t = checker.type_of(expr);
    let types = checker
        .types
        .iter()
        .map(|(id, t)| (*id, substitute(&checker.mapping, t, true)))
        .collect();
    Ok((substitute(&checker.mapping, &t, true), types))
}

/// Type substitutions found while unifying, keyed by the formatted type parameter.
#[derive(Clone, Default)]
struct Mapping(HashMap<String, Type>);

impl Mapping {
    fn add(&mut self, from: &Type, to: Type) {
        self.0.insert(CelFormat(from).to_string(), to);
    }

    fn find(&self, from: &Type) -> Option<&Type> {
        self.0.get(&CelFormat(from).to_string())
    }
}

struct Checker<'a> {
    env: &'a EnvDecls,
    info: &'a SourceInfo,
    source: &'a Source<'a>,
    errors: Errors,
    types: HashMap<u64, Type>,
    mapping: Mapping,
    free_type_vars: usize,
    /// Comprehension scopes, innermost last.
    scopes: Vec<HashMap<String, Type>>,
    /// Whether cross-type numeric comparisons resolve. cel-go's checker disables them, but
    /// the scoped environment it switches to for a comprehension drops that filter, for the
    /// rest of the check.
    cross_type_numeric: bool,
    /// Ids of negative number literals.
    negative_literals: Vec<u64>,
}

impl Checker<'_> {
    fn location(&self, id: u64) -> Location {
        match self.info.offset_for(id) {
            Some((start, _)) => {
                let mut start = start as usize;
                // cel-go places a negative literal at its sign, the `cel` crate at its digits.
                if self.negative_literals.contains(&id) {
                    start = self.source.sign_before(start).unwrap_or(start);
                }
                self.source.location_of_byte(start)
            }
            None => Location::NONE,
        }
    }

    fn report(&mut self, id: u64, message: String) {
        let location = self.location(id);
        self.errors.report(location, message);
    }

    fn set_type(&mut self, id: u64, t: Type) {
        self.types.insert(id, t);
    }

    fn type_of(&self, e: &IdedExpr) -> Type {
        self.types.get(&e.id).cloned().unwrap_or(Type::Error)
    }

    fn check(&mut self, e: &IdedExpr) {
        match &e.expr {
            Expr::Literal(literal) => {
                let negative = match literal {
                    LiteralValue::Int(v) => i64::from(*v) < 0,
                    LiteralValue::Double(v) => f64::from(*v).is_sign_negative(),
                    _ => false,
                };
                if negative {
                    self.negative_literals.push(e.id);
                }
                let t = match literal {
                    LiteralValue::Boolean(_) => Type::Bool,
                    LiteralValue::Bytes(_) => Type::Bytes,
                    LiteralValue::Double(_) => Type::Double,
                    LiteralValue::Int(_) => Type::Int,
                    LiteralValue::Null => Type::Null,
                    LiteralValue::String(_) => Type::String,
                    LiteralValue::UInt(_) => Type::Uint,
                };
                self.set_type(e.id, t);
            }
            Expr::Ident(name) => self.check_ident(e.id, name),
            Expr::Select(_) => self.check_select(e),
            Expr::Call(_) => self.check_call(e),
            Expr::List(_) => self.check_create_list(e),
            Expr::Map(_) => self.check_create_map(e),
            Expr::Struct(_) => self.check_create_struct(e),
            Expr::Comprehension(_) => self.check_comprehension(e),
            Expr::Unspecified => {
                self.report(e.id, "unexpected unspecified type: ".to_owned());
            }
        }
    }

    fn local_ident(&self, name: &str) -> Option<Type> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.get(name).cloned())
    }

    /// `resolveSimpleIdent`: locals first, then globals.
    fn resolve_simple_ident(&self, name: &str) -> Option<Type> {
        if !name.starts_with('.')
            && let Some(t) = self.local_ident(name)
        {
            return Some(t);
        }
        self.env
            .global_ident(name.strip_prefix('.').unwrap_or(name))
    }

    /// `resolveQualifiedIdent`.
    fn resolve_qualified_ident(&self, qualifiers: &[&str]) -> Option<Type> {
        if qualifiers.len() == 1 {
            return self.resolve_simple_ident(qualifiers[0]);
        }
        if !qualifiers[0].starts_with('.') && self.local_ident(qualifiers[0]).is_some() {
            return None;
        }
        let name = qualifiers.join(".");
        self.env
            .global_ident(name.strip_prefix('.').unwrap_or(&name))
    }

    fn check_ident(&mut self, id: u64, name: &str) {
        if let Some(t) = self.resolve_simple_ident(name) {
            self.set_type(id, t);
            return;
        }
        self.set_type(id, Type::Error);
        self.report(
            id,
            format!("undeclared reference to '{name}' (in container '')"),
        );
    }

    fn check_select(&mut self, e: &IdedExpr) {
        let Expr::Select(select) = &e.expr else {
            return;
        };
        if let Some(qualifiers) = qualifiers(e)
            && let Some(t) = self.resolve_qualified_ident(&qualifiers)
        {
            self.set_type(e.id, t);
            return;
        }
        let mut result = self.check_select_field(e.id, &select.operand, &select.field, false);
        if select.test {
            result = Type::Bool;
        }
        let t = substitute(&self.mapping, &result, false);
        self.set_type(e.id, t);
    }

    fn check_opt_select(&mut self, e: &IdedExpr) {
        let Expr::Call(call) = &e.expr else {
            return;
        };
        if call.args.len() != 2 || call.target.is_some() {
            let member = if call.target.is_some() {
                " member call with"
            } else {
                ""
            };
            self.report(
                e.id,
                format!(
                    "unsupported optional field selection: incorrect signature.{member} argument count: {}",
                    call.args.len()
                ),
            );
            return;
        }
        let operand = &call.args[0];
        let field = &call.args[1];
        let Expr::Literal(LiteralValue::String(name)) = &field.expr else {
            self.report(
                field.id,
                "unsupported optional field selection: <expr>".to_owned(),
            );
            return;
        };
        let result = self.check_select_field(e.id, operand, name.inner(), true);
        let t = substitute(&self.mapping, &result, false);
        self.set_type(e.id, t);
    }

    fn check_select_field(
        &mut self,
        id: u64,
        operand: &IdedExpr,
        field: &str,
        optional: bool,
    ) -> Type {
        self.check(operand);
        let operand_type = substitute(&self.mapping, &self.type_of(operand), false);
        let (target, is_opt) = unwrap_optional(&operand_type);
        let result = match target.kind() {
            Kind::Map => target.params()[1].clone(),
            Kind::Struct => self
                .lookup_field_type(id, target.type_name(), field)
                .unwrap_or(Type::Error),
            Kind::Param => {
                self.is_assignable(&Type::Dyn, &target);
                Type::Dyn
            }
            _ => {
                if !is_dyn_or_error(&target) {
                    self.report(
                        id,
                        format!(
                            "type '{}' does not support field selection",
                            CelFormat(&target)
                        ),
                    );
                }
                Type::Dyn
            }
        };
        if is_opt || optional {
            Type::optional(result)
        } else {
            result
        }
    }

    fn lookup_field_type(&mut self, id: u64, message: &str, field: &str) -> Option<Type> {
        if !self.env.has_message(message) {
            self.report(id, format!("unexpected failed resolution of '{message}'"));
            return None;
        }
        if let Some(t) = self.env.field_type(message, field) {
            return Some(t);
        }
        self.report(id, format!("undefined field '{field}'"));
        None
    }

    fn check_call(&mut self, e: &IdedExpr) {
        let Expr::Call(call) = &e.expr else {
            return;
        };
        if call.func_name == OPT_SELECT {
            self.check_opt_select(e);
            return;
        }
        for arg in &call.args {
            self.check(arg);
        }
        let Some(target) = &call.target else {
            let Some(function) = self.env.function(&call.func_name) else {
                self.report(
                    e.id,
                    format!(
                        "undeclared reference to '{}' (in container '')",
                        call.func_name
                    ),
                );
                self.set_type(e.id, Type::Error);
                return;
            };
            self.resolve_overload_or_error(e.id, function, None, &call.args);
            return;
        };
        // `a.b.f()` may name a namespaced function `a.b.f` rather than `f` on `a.b`.
        if let Some(prefix) = qualified_name(target) {
            let name = format!("{prefix}.{}", call.func_name);
            if let Some(function) = self.env.function(&name) {
                self.resolve_overload_or_error(e.id, function, None, &call.args);
                return;
            }
        }
        self.check(target);
        if let Some(function) = self.env.function(&call.func_name) {
            self.resolve_overload_or_error(e.id, function, Some(target), &call.args);
            return;
        }
        self.set_type(e.id, Type::Error);
        self.report(
            e.id,
            format!(
                "undeclared reference to '{}' (in container '')",
                call.func_name
            ),
        );
    }

    fn resolve_overload_or_error(
        &mut self,
        id: u64,
        function: &FunctionDecl,
        target: Option<&IdedExpr>,
        args: &[IdedExpr],
    ) {
        match self.resolve_overload(id, function, target, args) {
            Some(t) => self.set_type(id, t),
            None => self.set_type(id, Type::Error),
        }
    }

    fn resolve_overload(
        &mut self,
        id: u64,
        function: &FunctionDecl,
        target: Option<&IdedExpr>,
        args: &[IdedExpr],
    ) -> Option<Type> {
        let mut arg_types: Vec<Type> = Vec::new();
        if let Some(target) = target {
            arg_types.push(self.type_of(target));
        }
        arg_types.extend(args.iter().map(|a| self.type_of(a)));

        let mut result: Option<Type> = None;
        for overload in &function.overloads {
            if overload.cross_type_numeric && !self.cross_type_numeric {
                continue;
            }
            if target.is_some() != overload.member {
                continue;
            }
            if function.name == LOGICAL_AND || function.name == LOGICAL_OR {
                let mut failed = false;
                for (i, arg_type) in arg_types.iter().enumerate() {
                    if !self.is_assignable(arg_type, &Type::Bool) {
                        let arg_id = args[i].id;
                        self.report(
                            arg_id,
                            format!(
                                "expected type '{}' but found '{}'",
                                CelFormat(&Type::Bool),
                                CelFormat(arg_type)
                            ),
                        );
                        failed = true;
                    }
                }
                return if failed { None } else { Some(Type::Bool) };
            }

            let mut params: Vec<Type> = overload.args.clone();
            let mut overload_result = overload.result.clone();
            if !overload.type_params.is_empty() {
                let mut substitutions = Mapping::default();
                for name in &overload.type_params {
                    let fresh = self.new_type_var();
                    substitutions.add(&Type::Param(name.clone()), fresh);
                }
                params = params
                    .iter()
                    .map(|p| substitute(&substitutions, p, false))
                    .collect();
                overload_result = substitute(&substitutions, &overload_result, false);
            }
            if self.is_assignable_list(&arg_types, &params) {
                let fn_result = substitute(&self.mapping, &overload_result, false);
                result = Some(match result {
                    None => fn_result,
                    Some(previous) => {
                        if !is_dyn(&previous) && !fn_result.is_exact(&previous) {
                            Type::Dyn
                        } else {
                            previous
                        }
                    }
                });
            }
        }

        if result.is_none() {
            let formatted: Vec<String> = arg_types
                .iter()
                .map(|t| CelFormat(&substitute(&self.mapping, t, true)).to_string())
                .collect();
            let signature = if target.is_some() {
                format!("{}.({})", formatted[0], formatted[1..].join(", "))
            } else {
                format!("({})", formatted.join(", "))
            };
            self.report(
                id,
                format!(
                    "found no matching overload for '{}' applied to '{signature}'",
                    function.name
                ),
            );
        }
        result
    }

    fn check_create_list(&mut self, e: &IdedExpr) {
        let Expr::List(list) = &e.expr else {
            return;
        };
        let mut elems_type: Option<Type> = None;
        for (i, elem) in list.elements.iter().enumerate() {
            self.check(elem);
            let mut elem_type = self.type_of(elem);
            if list.optional_indices.contains(&i) {
                let (inner, is_opt) = unwrap_optional(&elem_type);
                if !is_opt && !is_dyn(&inner) {
                    self.report(
                        elem.id,
                        format!(
                            "expected type '{}' but found '{}'",
                            CelFormat(&Type::optional(inner.clone())),
                            CelFormat(&inner)
                        ),
                    );
                }
                elem_type = inner;
            }
            elems_type = Some(self.join_types(elems_type, elem_type));
        }
        let elems_type = elems_type.unwrap_or_else(|| self.new_type_var());
        self.set_type(e.id, Type::list(elems_type));
    }

    fn check_create_map(&mut self, e: &IdedExpr) {
        let Expr::Map(map) = &e.expr else {
            return;
        };
        let mut key_type: Option<Type> = None;
        let mut value_type: Option<Type> = None;
        for entry in &map.entries {
            let EntryExpr::MapEntry(entry) = &entry.expr else {
                continue;
            };
            self.check(&entry.key);
            let k = self.type_of(&entry.key);
            key_type = Some(self.join_types(key_type, k));

            self.check(&entry.value);
            let mut v = self.type_of(&entry.value);
            if entry.optional {
                let (inner, is_opt) = unwrap_optional(&v);
                if !is_opt && !is_dyn(&inner) {
                    self.report(
                        entry.value.id,
                        format!(
                            "expected type '{}' but found '{}'",
                            CelFormat(&Type::optional(inner.clone())),
                            CelFormat(&inner)
                        ),
                    );
                }
                v = inner;
            }
            value_type = Some(self.join_types(value_type, v));
        }
        let (k, v) = match (key_type, value_type) {
            (Some(k), Some(v)) => (k, v),
            _ => (self.new_type_var(), self.new_type_var()),
        };
        self.set_type(e.id, Type::map(k, v));
    }

    fn check_create_struct(&mut self, e: &IdedExpr) {
        let Expr::Struct(st) = &e.expr else {
            return;
        };
        let Some(ident) = self.resolve_type_ident(&st.type_name) else {
            self.report(
                e.id,
                format!(
                    "undeclared reference to '{}' (in container '')",
                    st.type_name
                ),
            );
            self.set_type(e.id, Type::Error);
            return;
        };
        let mut result = Type::Error;
        let mut type_name = st.type_name.trim_start_matches('.').to_owned();
        if ident.kind() != Kind::Error {
            if let Type::Meta(Some(inner)) = &ident {
                result = (**inner).clone();
                if let Some(name) = well_known_type_name(&result) {
                    type_name = name.to_owned();
                } else if result.kind() == Kind::Struct {
                    type_name = result.declared_type_name();
                } else {
                    self.report(
                        e.id,
                        format!("'{}' is not a message type", result.declared_type_name()),
                    );
                    result = Type::Error;
                }
            } else {
                self.report(
                    e.id,
                    format!("'{}' is not a type", ident.declared_type_name()),
                );
            }
        }
        self.set_type(e.id, result);

        for field in &st.entries {
            let EntryExpr::StructField(f) = &field.expr else {
                continue;
            };
            self.check(&f.value);
            let field_type = self
                .lookup_field_type(field.id, &type_name, &f.field)
                .unwrap_or(Type::Error);
            let mut value_type = self.type_of(&f.value);
            if f.optional {
                let (inner, is_opt) = unwrap_optional(&value_type);
                if !is_opt && !is_dyn(&inner) {
                    self.report(
                        f.value.id,
                        format!(
                            "expected type '{}' but found '{}'",
                            CelFormat(&Type::optional(inner.clone())),
                            CelFormat(&inner)
                        ),
                    );
                }
                value_type = inner;
            }
            if !self.is_assignable(&field_type, &value_type) {
                self.report(
                    field.id,
                    format!(
                        "expected type of field '{}' is '{}' but provided type is '{}'",
                        f.field,
                        CelFormat(&field_type),
                        CelFormat(&value_type)
                    ),
                );
            }
        }
    }

    /// `resolveTypeIdent`: a type name, as a struct literal uses it.
    fn resolve_type_ident(&self, name: &str) -> Option<Type> {
        let name = name.strip_prefix('.').unwrap_or(name);
        if let Some(t) = self.env.type_ident(name) {
            return Some(Type::type_of(t));
        }
        if self.env.has_message(name) {
            return Some(Type::type_of(Type::object(name)));
        }
        None
    }

    fn check_comprehension(&mut self, e: &IdedExpr) {
        let Expr::Comprehension(comp) = &e.expr else {
            return;
        };
        self.check(&comp.iter_range);
        self.check(&comp.accu_init);
        let range_type = substitute(&self.mapping, &self.type_of(&comp.iter_range), false);
        let accu_type = self.type_of(&comp.accu_init);
        self.scopes
            .push(HashMap::from([(comp.accu_var.clone(), accu_type.clone())]));
        self.cross_type_numeric = true;

        let two_vars = comp.iter_var2.is_some();
        let (var_type, var2_type) = match range_type.kind() {
            Kind::List => {
                let elem = range_type.params()[0].clone();
                if two_vars {
                    (Type::Int, Some(elem))
                } else {
                    (elem, None)
                }
            }
            Kind::Map => {
                let params = range_type.params();
                let key = params[0].clone();
                let value = params[1].clone();
                (key, two_vars.then_some(value))
            }
            Kind::Dyn | Kind::Error | Kind::Param => {
                self.is_assignable(&Type::Dyn, &range_type);
                (Type::Dyn, two_vars.then_some(Type::Dyn))
            }
            _ => {
                self.report(
                    comp.iter_range.id,
                    format!(
                        "expression of type '{}' cannot be range of a comprehension (must be list, map, or dynamic)",
                        CelFormat(&range_type)
                    ),
                );
                (Type::Error, two_vars.then_some(Type::Error))
            }
        };

        let mut scope = HashMap::from([(comp.iter_var.clone(), var_type)]);
        if let (Some(name), Some(t)) = (&comp.iter_var2, var2_type) {
            scope.insert(name.clone(), t);
        }
        self.scopes.push(scope);
        self.check(&comp.loop_cond);
        self.assert_type(&comp.loop_cond, &Type::Bool);
        self.check(&comp.loop_step);
        self.assert_type(&comp.loop_step, &accu_type);
        self.scopes.pop();
        self.check(&comp.result);
        self.scopes.pop();
        let t = substitute(&self.mapping, &self.type_of(&comp.result), false);
        self.set_type(e.id, t);
    }

    fn assert_type(&mut self, e: &IdedExpr, t: &Type) {
        let actual = self.type_of(e);
        if !self.is_assignable(t, &actual) {
            self.report(
                e.id,
                format!(
                    "expected type '{}' but found '{}'",
                    CelFormat(t),
                    CelFormat(&actual)
                ),
            );
        }
    }

    /// The most general common type of aggregate literal elements; mixed types make `dyn`.
    fn join_types(&mut self, previous: Option<Type>, current: Type) -> Type {
        let Some(previous) = previous else {
            return current;
        };
        if self.is_assignable(&previous, &current) {
            return most_general(&previous, &current);
        }
        Type::Dyn
    }

    fn new_type_var(&mut self) -> Type {
        let id = self.free_type_vars;
        self.free_type_vars += 1;
        Type::Param(format!("_var{id}"))
    }

    fn is_assignable(&mut self, t1: &Type, t2: &Type) -> bool {
        let mut m = self.mapping.clone();
        if internal_is_assignable(&mut m, t1, t2) {
            self.mapping = m;
            return true;
        }
        false
    }

    fn is_assignable_list(&mut self, l1: &[Type], l2: &[Type]) -> bool {
        let mut m = self.mapping.clone();
        if internal_is_assignable_list(&mut m, l1, l2) {
            self.mapping = m;
            return true;
        }
        false
    }
}

/// The qualified name parts of a select chain ending in an identifier (`computeQualifiers`);
/// `None` when a presence test or anything but an identifier is in the chain.
fn qualifiers(e: &IdedExpr) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut current = e;
    loop {
        match &current.expr {
            Expr::Select(select) if !select.test => {
                parts.push(select.field.as_str());
                current = &select.operand;
            }
            Expr::Ident(name) if !parts.is_empty() => {
                parts.push(name.as_str());
                parts.reverse();
                return Some(parts);
            }
            _ => return None,
        }
    }
}

/// `containers.ToQualifiedName`.
fn qualified_name(e: &IdedExpr) -> Option<String> {
    match &e.expr {
        Expr::Ident(name) => Some(name.clone()),
        Expr::Select(select) if !select.test => {
            qualified_name(&select.operand).map(|q| format!("{q}.{}", select.field))
        }
        _ => None,
    }
}

fn well_known_type_name(t: &Type) -> Option<&'static str> {
    let is_wkt = match t {
        Type::Any | Type::Timestamp | Type::Duration | Type::Dyn | Type::Null => true,
        Type::Wrapper(_) => true,
        Type::List(elem) => **elem == Type::Dyn,
        Type::Map(k, v) => **k == Type::String && **v == Type::Dyn,
        _ => false,
    };
    if !is_wkt {
        return None;
    }
    Some(match t.kind() {
        Kind::Any => "google.protobuf.Any",
        Kind::Bool => "google.protobuf.BoolValue",
        Kind::Bytes => "google.protobuf.BytesValue",
        Kind::Double => "google.protobuf.DoubleValue",
        Kind::Duration => "google.protobuf.Duration",
        Kind::Dyn => "google.protobuf.Value",
        Kind::Int => "google.protobuf.Int64Value",
        Kind::List => "google.protobuf.ListValue",
        Kind::Null => "google.protobuf.NullValue",
        Kind::Map => "google.protobuf.Struct",
        Kind::String => "google.protobuf.StringValue",
        Kind::Timestamp => "google.protobuf.Timestamp",
        Kind::Uint => "google.protobuf.UInt64Value",
        _ => "",
    })
}

fn is_dyn(t: &Type) -> bool {
    matches!(t.kind(), Kind::Dyn | Kind::Any)
}

fn is_dyn_or_error(t: &Type) -> bool {
    is_dyn(t) || t.kind() == Kind::Error
}

fn unwrap_optional(t: &Type) -> (Type, bool) {
    match t {
        Type::Opaque(name, params) if name == "optional_type" && params.len() == 1 => {
            (params[0].clone(), true)
        }
        _ => (t.clone(), false),
    }
}

fn is_equal_or_less_specific(t1: &Type, t2: &Type) -> bool {
    let (k1, k2) = (t1.kind(), t2.kind());
    if is_dyn(t1) || k1 == Kind::Param {
        return true;
    }
    if is_dyn(t2) || k2 == Kind::Param {
        return false;
    }
    if k1 != k2 {
        return false;
    }
    match k1 {
        Kind::Opaque => {
            let (p1, p2) = (t1.params(), t2.params());
            t1.type_name() == t2.type_name()
                && p1.len() == p2.len()
                && p1
                    .iter()
                    .zip(p2)
                    .all(|(a, b)| is_equal_or_less_specific(a, b))
        }
        Kind::List => is_equal_or_less_specific(t1.params()[0], t2.params()[0]),
        Kind::Map => {
            let (p1, p2) = (t1.params(), t2.params());
            is_equal_or_less_specific(p1[0], p2[0]) && is_equal_or_less_specific(p1[1], p2[1])
        }
        Kind::Type => true,
        _ => t1.is_exact(t2),
    }
}

fn most_general(t1: &Type, t2: &Type) -> Type {
    if is_equal_or_less_specific(t1, t2) {
        t1.clone()
    } else {
        t2.clone()
    }
}

/// Whether `t1` is assignable to `t2`, recording type parameter bindings in `m`.
fn internal_is_assignable(m: &mut Mapping, t1: &Type, t2: &Type) -> bool {
    let (k1, k2) = (t1.kind(), t2.kind());
    if k2 == Kind::Param {
        let (valid, has_sub) = is_valid_type_substitution(m, t1, t2);
        if valid {
            return true;
        }
        if has_sub {
            return false;
        }
    }
    if k1 == Kind::Param {
        return is_valid_type_substitution(m, t2, t1).0;
    }
    if is_dyn_or_error(t1) || is_dyn_or_error(t2) {
        return true;
    }
    if k1 == Kind::Null {
        return is_assignable_null(t2);
    }
    if k2 == Kind::Null {
        return is_assignable_null(t1);
    }
    match k1 {
        Kind::Bool
        | Kind::Bytes
        | Kind::Double
        | Kind::Int
        | Kind::String
        | Kind::Uint
        | Kind::Any
        | Kind::Duration
        | Kind::Timestamp
        | Kind::Struct => t2.is_assignable_type(t1),
        Kind::Type => k2 == Kind::Type,
        Kind::Opaque | Kind::List | Kind::Map => {
            k1 == k2 && t1.type_name() == t2.type_name() && {
                let p1: Vec<Type> = t1.params().into_iter().cloned().collect();
                let p2: Vec<Type> = t2.params().into_iter().cloned().collect();
                internal_is_assignable_list(m, &p1, &p2)
            }
        }
        _ => false,
    }
}

fn is_valid_type_substitution(m: &mut Mapping, t1: &Type, t2: &Type) -> (bool, bool) {
    if t1.kind() == t2.kind() && t1.is_exact(t2) {
        return (true, true);
    }
    if let Some(t2_sub) = m.find(t2).cloned() {
        if t1.kind() == t2_sub.kind() && t1.is_exact(&t2_sub) {
            return (true, true);
        }
        if internal_is_assignable(m, t1, &t2_sub) {
            let t2_new = most_general(t1, &t2_sub);
            if not_referenced_in(m, t2, &t2_new) {
                m.add(t2, t2_new);
            }
            return (true, true);
        }
        return (false, true);
    }
    if not_referenced_in(m, t2, t1) {
        m.add(t2, t1.clone());
        return (true, false);
    }
    (false, false)
}

fn internal_is_assignable_list(m: &mut Mapping, l1: &[Type], l2: &[Type]) -> bool {
    l1.len() == l2.len()
        && l1
            .iter()
            .zip(l2)
            .all(|(a, b)| internal_is_assignable(m, a, b))
}

fn is_assignable_null(t: &Type) -> bool {
    matches!(
        t.kind(),
        Kind::Opaque | Kind::Struct | Kind::Any | Kind::Duration | Kind::Timestamp
    ) || t.is_assignable_type(&Type::Null)
}

/// The occurs check of unification.
fn not_referenced_in(m: &Mapping, t: &Type, within: &Type) -> bool {
    if t.is_exact(within) {
        return false;
    }
    match within.kind() {
        Kind::Param => match m.find(within) {
            None => true,
            Some(sub) => not_referenced_in(m, t, sub),
        },
        Kind::Opaque | Kind::List | Kind::Map | Kind::Type => {
            within.params().iter().all(|p| not_referenced_in(m, t, p))
        }
        _ => true,
    }
}

/// Replaces bound type parameters, and unbound ones by `dyn` when asked.
fn substitute(m: &Mapping, t: &Type, param_to_dyn: bool) -> Type {
    if let Some(sub) = m.find(t) {
        return substitute(m, sub, param_to_dyn);
    }
    if param_to_dyn && t.kind() == Kind::Param {
        return Type::Dyn;
    }
    match t {
        Type::Opaque(name, params) => Type::Opaque(
            name.clone(),
            params
                .iter()
                .map(|p| substitute(m, p, param_to_dyn))
                .collect(),
        ),
        Type::List(elem) => Type::list(substitute(m, elem, param_to_dyn)),
        Type::Map(k, v) => Type::map(
            substitute(m, k, param_to_dyn),
            substitute(m, v, param_to_dyn),
        ),
        Type::Meta(Some(p)) => Type::type_of(substitute(m, p, param_to_dyn)),
        _ => t.clone(),
    }
}
