//! `#[derive(GoYaml)]`: one attribute set per struct gives talos-config everything Go's
//! reflection gives go-yaml — the Go type name (used in error texts), every field's YAML key,
//! `omitempty`, `flow` and `inline`, and for document kinds the kind name and the Talos release
//! that introduced it.
//!
//! ```text
//! #[derive(GoYaml)]
//! #[go(name = "network.LinkConfigV1Alpha1", kind = "LinkConfig", since = "1.12")]
//! pub struct LinkConfig {
//!     #[go(yaml = "name")]
//!     pub name: String,
//!     #[go(inline)]
//!     pub common: CommonLinkConfig,
//!     #[go(yaml = "mtu", omitempty)]
//!     pub mtu: Option<u32>,
//! }
//! ```

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, parse_macro_input};

/// Implements `GoYaml`, `GoStruct`, serde's `Serialize`/`Deserialize` (through Go's
/// encoding and decoding rules), and `Kind` when `kind = "..."` is given.
#[proc_macro_derive(GoYaml, attributes(go))]
pub fn derive_go_yaml(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

#[derive(Default)]
struct StructAttrs {
    go_name: Option<LitStr>,
    kind: Option<LitStr>,
    since: Option<LitStr>,
    is_zero: Option<syn::Path>,
    unnamed: bool,
}

struct FieldSpec {
    ident: syn::Ident,
    ty: syn::Type,
    yaml: Option<LitStr>,
    omitempty: bool,
    flow: bool,
    inline: bool,
    /// `merge = "replace"`: Go's `merge:"replace"` struct tag.
    merge_replace: bool,
}

fn struct_attrs(input: &DeriveInput) -> syn::Result<StructAttrs> {
    let mut attrs = StructAttrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("go")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                attrs.go_name = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("kind") {
                attrs.kind = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("since") {
                attrs.since = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("is_zero") {
                let lit: LitStr = meta.value()?.parse()?;
                attrs.is_zero = Some(lit.parse()?);
            } else if meta.path.is_ident("unnamed") {
                attrs.unnamed = true;
            } else {
                return Err(meta.error("expected name, kind, since, is_zero or unnamed"));
            }
            Ok(())
        })?;
    }
    Ok(attrs)
}

fn field_specs(input: &DeriveInput) -> syn::Result<Vec<FieldSpec>> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            input,
            "GoYaml derives on structs only",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(input, "GoYaml needs named fields"));
    };
    let mut specs = Vec::new();
    for field in &fields.named {
        let mut spec = FieldSpec {
            ident: field.ident.clone().expect("named field"),
            ty: field.ty.clone(),
            yaml: None,
            omitempty: false,
            flow: false,
            inline: false,
            merge_replace: false,
        };
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("go")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("yaml") {
                    spec.yaml = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("omitempty") {
                    spec.omitempty = true;
                } else if meta.path.is_ident("flow") {
                    spec.flow = true;
                } else if meta.path.is_ident("inline") {
                    spec.inline = true;
                } else if meta.path.is_ident("merge") {
                    let how: LitStr = meta.value()?.parse()?;
                    if how.value() != "replace" {
                        return Err(meta.error("the only merge mode is \"replace\""));
                    }
                    spec.merge_replace = true;
                } else {
                    return Err(meta.error("expected yaml, omitempty, flow, inline or merge"));
                }
                Ok(())
            })?;
        }
        if spec.yaml.is_none() && !spec.inline {
            return Err(syn::Error::new_spanned(
                field,
                "every field needs #[go(yaml = \"key\")] or #[go(inline)]",
            ));
        }
        specs.push(spec);
    }
    Ok(specs)
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let attrs = struct_attrs(input)?;
    let fields = field_specs(input)?;
    let ident = &input.ident;
    let Some(go_name) = &attrs.go_name else {
        return Err(syn::Error::new_spanned(
            input,
            "missing #[go(name = \"pkg.GoType\")]",
        ));
    };
    let is_kind = attrs.kind.is_some();
    let krate = quote!(::talos_config::goyaml);

    let mut decode_arms = Vec::new();
    let mut inline_decodes = Vec::new();
    let mut unknown_arms = Vec::new();
    let mut inline_unknowns = Vec::new();
    let mut encodes = Vec::new();
    let mut zero_checks = Vec::new();
    let merge = quote!(#krate::merge);
    let mut merge_bindings = Vec::new();
    let mut merges = Vec::new();
    let mut deletes = Vec::new();
    let mut delete_matches = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let id = &f.ident;
        let ty = &f.ty;
        let bound = quote::format_ident!("__right_{}", i);
        merge_bindings.push(quote!(#id: #bound));
        let replace = f.merge_replace;
        if f.inline {
            merges.push(quote! {
                #krate::GoYaml::merge_from(&mut self.#id, #bound, src, #merge::MergeOpts::field(#replace))
                    .map_err(|e| e.in_field(#go_name, #merge::embedded_field_name(&<#ty as #krate::GoYaml>::go_type())))?;
            });
            deletes.push(quote! {
                match #krate::GoYaml::delete_path(&mut self.#id, path, key, value) {
                    Err(#merge::DeleteError::LookupFailed) => {}
                    other => return other,
                }
            });
        } else {
            let key = f.yaml.as_ref().expect("checked");
            merges.push(quote! {
                #krate::GoYaml::merge_from(&mut self.#id, #bound, src.field(#key), #merge::MergeOpts::field(#replace))
                    .map_err(|e| e.in_field(#go_name, &#merge::go_field_name(#go_name, #key)))?;
            });
            deletes.push(quote! {
                if search == #key {
                    if rest.is_empty() {
                        self.#id = ::std::default::Default::default();
                        return Ok(());
                    }
                    return #krate::GoYaml::delete_path(&mut self.#id, rest, key, value);
                }
            });
            delete_matches.push(quote! {
                if key == #key {
                    return #krate::GoYaml::go_string(&self.#id) == value;
                }
            });
        }
    }
    for f in &fields {
        let id = &f.ident;
        let ty = &f.ty;
        zero_checks.push(quote!(#krate::GoYaml::is_zero(&self.#id)));
        if f.inline {
            inline_decodes.push(quote! {
                if #krate::GoStruct::decode_field(&mut self.#id, key, value, decoder) {
                    return true;
                }
            });
            inline_unknowns.push(quote! {
                if let Some(found) = <#ty as #krate::GoStruct>::field_unknown_keys(key, value) {
                    return Some(found);
                }
            });
            encodes.push(quote!(#krate::GoStruct::encode_fields(&self.#id, out);));
            continue;
        }
        let key = f.yaml.as_ref().expect("checked above");
        decode_arms.push(quote! {
            #key => { #krate::GoYaml::decode_into(&mut self.#id, value, decoder); true }
        });
        unknown_arms.push(quote! {
            #key => Some(<#ty as #krate::GoYaml>::unknown_keys(value)),
        });
        let flow = f.flow;
        let key_node = key_node(key);
        let push = quote! {
            let mut node = #krate::GoYaml::encode(&self.#id);
            if #flow { node.set_flow(); }
            out.push(#key_node);
            out.push(node);
        };
        if f.omitempty {
            encodes.push(quote! {
                if !#krate::GoYaml::is_zero(&self.#id) { #push }
            });
        } else {
            encodes.push(quote!({ #push }));
        }
    }

    // Document kinds carry Go's inlined meta.Meta: `apiVersion` (omitempty) and `kind`.
    let (meta_decode, meta_unknown, meta_encode) = if let Some(kind) = &attrs.kind {
        (
            quote! {
                "apiVersion" | "kind" => {
                    let mut text = String::new();
                    #krate::GoYaml::decode_into(&mut text, value, decoder);
                    true
                }
            },
            quote!("apiVersion" | "kind" => Some(Ok(None)),),
            {
                let kind_node = key_node(kind);
                quote! {
                    out.push(#krate::Node::plain_string("apiVersion"));
                    out.push(#krate::Node::plain_string("v1alpha1"));
                    out.push(#krate::Node::plain_string("kind"));
                    out.push(#kind_node);
                }
            },
        )
    } else {
        (quote!(), quote!(), quote!())
    };

    // Deleting the inlined meta.Meta fields has no typed counterpart here: accepted as is.
    let meta_delete = if is_kind {
        quote! {
            if (*search == "apiVersion" || *search == "kind") && rest.is_empty() {
                return Ok(());
            }
        }
    } else {
        quote!()
    };

    // Key and value per field (the meta keys of kinds too), so encoding does not regrow the
    // vector; inlined structs are guessed at.
    let encode_capacity = fields
        .iter()
        .map(|f| if f.inline { 8 } else { 2 })
        .sum::<usize>()
        + if is_kind { 4 } else { 0 };

    let is_zero = match &attrs.is_zero {
        Some(path) => quote!(#path(self)),
        None if zero_checks.is_empty() => quote!(true),
        None => quote!(#(#zero_checks)&&*),
    };

    let kind_impl = if is_kind {
        let kind = attrs.kind.as_ref().expect("is_kind");
        let Some(since) = &attrs.since else {
            return Err(syn::Error::new_spanned(
                input,
                "document kinds need #[go(since = \"1.x\")]",
            ));
        };
        let name_field = fields
            .iter()
            .find(|f| f.yaml.as_ref().is_some_and(|k| k.value() == "name"));
        let (named, name_body) = match name_field {
            Some(f) if !attrs.unnamed => {
                let id = &f.ident;
                (quote!(true), quote!(&self.#id))
            }
            _ => (quote!(false), quote!("")),
        };
        quote! {
            impl ::talos_config::Kind for #ident {
                const KIND: &'static str = #kind;
                const NAMED: bool = #named;
                const SINCE: ::talos_config::TalosVersion = ::talos_config::TalosVersion::parse_const(#since);
                fn name(&self) -> &str { #name_body }
            }
        }
    } else {
        quote!()
    };

    Ok(quote! {
        impl #krate::GoYaml for #ident {
            fn go_type() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#go_name)
            }
            fn construct(&mut self, node: &#krate::Node, decoder: &mut #krate::Decoder) -> bool {
                decoder.decode_struct(self, node, #go_name)
            }
            fn encode(&self) -> #krate::Node {
                let mut out = Vec::with_capacity(#encode_capacity);
                #krate::GoStruct::encode_fields(self, &mut out);
                #krate::Node::mapping(out)
            }
            fn is_zero(&self) -> bool {
                #is_zero
            }
            fn unknown_keys(node: &#krate::Node) -> ::std::result::Result<Option<#krate::Node>, String> {
                #krate::struct_unknown_keys::<Self>(node)
            }
            fn merge_from(
                &mut self,
                right: Self,
                src: #merge::Src<'_>,
                opts: #merge::MergeOpts,
            ) -> ::std::result::Result<(), #merge::MergeError> {
                if opts.replace {
                    if !#krate::GoYaml::is_zero(&right) {
                        *self = right;
                    }
                    return Ok(());
                }
                let #ident { #(#merge_bindings),* } = right;
                #(#merges)*
                Ok(())
            }
            fn delete_path(
                &mut self,
                path: &[String],
                key: &str,
                value: &str,
            ) -> ::std::result::Result<(), #merge::DeleteError> {
                let Some((search, rest)) = path.split_first() else {
                    return Err(#merge::DeleteError::Other("path is empty".to_owned()));
                };
                let _ = (&search, &rest);
                #meta_delete
                #(#deletes)*
                Err(#merge::DeleteError::LookupFailed)
            }
            fn delete_matches(&self, key: &str, value: &str) -> bool {
                let _ = (key, value);
                #(#delete_matches)*
                false
            }
        }

        impl #krate::GoStruct for #ident {
            fn decode_field(&mut self, key: &str, value: &#krate::Node, decoder: &mut #krate::Decoder) -> bool {
                match key {
                    #meta_decode
                    #(#decode_arms)*
                    _ => {
                        #(#inline_decodes)*
                        false
                    }
                }
            }
            fn field_unknown_keys(key: &str, value: &#krate::Node) -> Option<::std::result::Result<Option<#krate::Node>, String>> {
                match key {
                    #meta_unknown
                    #(#unknown_arms)*
                    _ => {
                        #(#inline_unknowns)*
                        None
                    }
                }
            }
            fn encode_fields(&self, out: &mut Vec<#krate::Node>) {
                #meta_encode
                #(#encodes)*
            }
        }

        impl #krate::serde::Serialize for #ident {
            fn serialize<S: #krate::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #krate::serde_support::serialize(self, serializer)
            }
        }

        impl<'de> #krate::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #krate::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #krate::serde_support::deserialize(deserializer)
            }
        }

        #kind_impl
    })
}

/// The key node for a field: `Node::plain_string` when the key is known at compile time to be
/// printed plain — it starts with a letter and no resolver reads it as another type (what
/// `Node::string` would find at run time) — else `Node::key`.
fn key_node(key: &LitStr) -> Tokens {
    let text = key.value();
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && !text.contains('\n')
        && !matches!(
            text.as_str(),
            "true"
                | "True"
                | "TRUE"
                | "false"
                | "False"
                | "FALSE"
                | "null"
                | "Null"
                | "NULL"
                | "y"
                | "Y"
                | "yes"
                | "Yes"
                | "YES"
                | "n"
                | "N"
                | "no"
                | "No"
                | "NO"
                | "on"
                | "On"
                | "ON"
                | "off"
                | "Off"
                | "OFF"
        );
    if plain {
        quote!(::talos_config::goyaml::Node::plain_string(#key))
    } else {
        quote!(::talos_config::goyaml::Node::key(#key))
    }
}
