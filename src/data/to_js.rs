//! Writes serde types as browser values (plain objects, arrays, strings, numbers):
//! a `serde::Serializer` producing a `JsValue`, the counterpart of
//! [`super::from_js`].
//!
//! Why not serde-wasm-bindgen's serializer: with its field-name cache and error
//! messages it cost 3.2 KB brotli for the few shapes the widget writes (the stored
//! snapshot, request bodies, event details); this writer costs a fraction of that
//! (BENCHMARKS.md, "Where the bytes went"). Its error is a unit, like the reader's.

use js_sys::{Array, Object, Reflect};
use serde::ser::{self, Impossible, Serialize};
use std::fmt;
use wasm_bindgen::JsValue;

/// A value that cannot be written as JSON data (bytes, enum variants with data).
#[derive(Debug)]
pub struct Unwritable;

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unwritable value")
    }
}

impl std::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unwritable
    }
}

/// Writes one value.
pub struct Serializer;

type Written = Result<JsValue, Unwritable>;

impl ser::Serializer for Serializer {
    type Ok = JsValue;
    type Error = Unwritable;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Impossible<JsValue, Unwritable>;
    type SerializeMap = Members;
    type SerializeStruct = Members;
    type SerializeStructVariant = Impossible<JsValue, Unwritable>;

    fn serialize_bool(self, v: bool) -> Written {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Written {
        self.serialize_f64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Written {
        self.serialize_f64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Written {
        self.serialize_f64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Written {
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Written {
        self.serialize_f64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Written {
        self.serialize_f64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Written {
        self.serialize_f64(v.into())
    }
    /// Exact up to 2^53: deadlines in epoch milliseconds are far below it.
    fn serialize_u64(self, v: u64) -> Written {
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Written {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Written {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Written {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Written {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, _: &[u8]) -> Written {
        Err(Unwritable)
    }
    fn serialize_none(self) -> Written {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Written {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Written {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Written {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Written {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Written {
        if name == super::KEPT {
            return super::take_kept().ok_or(Unwritable);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Written {
        Err(Unwritable)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items, Unwritable> {
        Ok(Items(Array::new()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Items, Unwritable> {
        Ok(Items(Array::new()))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items, Unwritable> {
        Ok(Items(Array::new()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unwritable> {
        Err(Unwritable)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members, Unwritable> {
        Ok(Members::default())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members, Unwritable> {
        Ok(Members::default())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unwritable> {
        Err(Unwritable)
    }
}

/// An array being written.
pub struct Items(Array);

impl ser::SerializeSeq for Items {
    type Ok = JsValue;
    type Error = Unwritable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        self.0.push(&value.serialize(Serializer)?);
        Ok(())
    }
    fn end(self) -> Written {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for Items {
    type Ok = JsValue;
    type Error = Unwritable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Written {
        Ok(self.0.into())
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = JsValue;
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Written {
        Ok(self.0.into())
    }
}

/// An object being written (a struct, or a map with string keys).
#[derive(Default)]
pub struct Members {
    object: Object,
    key: Option<JsValue>,
}

impl Members {
    fn set(&self, key: &JsValue, value: JsValue) -> Result<(), Unwritable> {
        Reflect::set(&self.object, key, &value)
            .map(drop)
            .map_err(|_| Unwritable)
    }
}

impl ser::SerializeStruct for Members {
    type Ok = JsValue;
    type Error = Unwritable;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unwritable> {
        self.set(&JsValue::from_str(key), value.serialize(Serializer)?)
    }
    fn end(self) -> Written {
        Ok(self.object.into())
    }
}

impl ser::SerializeMap for Members {
    type Ok = JsValue;
    type Error = Unwritable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unwritable> {
        let key = key.serialize(Serializer)?;
        if !key.is_string() {
            return Err(Unwritable);
        }
        self.key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unwritable> {
        let key = self.key.take().ok_or(Unwritable)?;
        self.set(&key, value.serialize(Serializer)?)
    }
    fn end(self) -> Written {
        Ok(self.object.into())
    }
}
