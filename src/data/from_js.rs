//! Reads the browser's parsed JSON (a `JsValue` from `JSON.parse`) into serde types:
//! a `serde::Deserializer` over `JsValue`.
//!
//! Why not serde-wasm-bindgen's deserializer: its errors carry formatted messages
//! ("invalid type: floating point `1.5`, expected …"), and formatting them links
//! Rust's float and `Debug` formatting into the wasm.
//! Reading through it cost 18.8 KB brotli; this reader costs a fraction of that
//! (BENCHMARKS.md, "Where the bytes went"). The widget never shows those messages:
//! an unreadable value is simply `None`, so this error is a unit.
//!
//! Objects are read by their own properties only, so a page that adds `state` to
//! `Object.prototype` cannot lend an answer a handle it never had.

use js_sys::{Array, Object, Reflect};
use serde::de::{
    self, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A value that does not have the shape asked for. Deliberately without a message.
#[derive(Debug)]
pub struct Unreadable;

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unreadable value")
    }
}

impl std::error::Error for Unreadable {}

// Every constructor is overridden: serde's defaults would format their arguments.
impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable
    }
    fn invalid_type(_: Unexpected, _: &dyn Expected) -> Self {
        Unreadable
    }
    fn invalid_value(_: Unexpected, _: &dyn Expected) -> Self {
        Unreadable
    }
    fn invalid_length(_: usize, _: &dyn Expected) -> Self {
        Unreadable
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Unreadable
    }
    fn missing_field(_: &'static str) -> Self {
        Unreadable
    }
    fn duplicate_field(_: &'static str) -> Self {
        Unreadable
    }
}

/// Reads one `JsValue` as JSON data.
pub struct Deserializer(pub JsValue);

impl<'de> de::Deserializer<'de> for Deserializer {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(flag) = value.as_bool() {
            visitor.visit_bool(flag)
        } else if let Some(number) = value.as_f64() {
            // Whole numbers as integers, so that integer fields can read them.
            if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER {
                if number >= 0.0 {
                    visitor.visit_u64(number as u64)
                } else {
                    visitor.visit_i64(number as i64)
                }
            } else {
                visitor.visit_f64(number)
            }
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if Array::is_array(&value) {
            visitor.visit_seq(Items {
                items: value.unchecked_into(),
                next: 0,
            })
        } else if value.is_object() {
            visitor.visit_map(Entries {
                entries: Object::entries(value.unchecked_ref()),
                next: 0,
                value: None,
            })
        } else {
            Err(Unreadable)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(Unreadable);
        }
        visitor.visit_map(Fields {
            object: self.0.unchecked_into(),
            names: fields.iter(),
            value: None,
        })
    }

    /// Unit variants, written as their name (`"waiting"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        let name = self.0.as_string().ok_or(Unreadable)?;
        visitor.visit_enum(IntoDeserializer::<Unreadable>::into_deserializer(name))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        if name == super::KEPT {
            super::keep(self.0);
            return visitor.visit_unit();
        }
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// A struct's fields, looked up by name among the object's own properties.
struct Fields {
    object: Object,
    names: std::slice::Iter<'static, &'static str>,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        for &name in self.names.by_ref() {
            let key = JsValue::from_str(name);
            if Object::has_own(&self.object, &key) {
                self.value = Reflect::get(&self.object, &key).ok();
                return seed.deserialize(name.into_deserializer()).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        read_pending(&mut self.value, seed)
    }
}

/// The value whose key a map access just gave (`undefined` if none).
fn read_pending<'de, V: DeserializeSeed<'de>>(
    value: &mut Option<JsValue>,
    seed: V,
) -> Result<V::Value, Unreadable> {
    seed.deserialize(Deserializer(value.take().unwrap_or(JsValue::UNDEFINED)))
}

/// An object's own `[key, value]` entries, for maps.
struct Entries {
    entries: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> MapAccess<'de> for Entries {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let entry: Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(entry.get(1));
        seed.deserialize(Deserializer(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        read_pending(&mut self.value, seed)
    }
}

/// An array's items, for sequences.
struct Items {
    items: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Unreadable;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unreadable> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(Deserializer(item)).map(Some)
    }
}
