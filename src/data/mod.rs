//! JSON data, read and written through serde types.
//!
//! In the widget, text is parsed and written by the browser's own `JSON.parse` and
//! `JSON.stringify` (no JSON parser in the wasm); [`from_js`] reads the parsed
//! values into `#[derive(Deserialize)]` types and [`to_js`] writes
//! `#[derive(Serialize)]` types back as values. On the host, where the pure core is
//! tested, the same types are read from and written to `serde_json` values. [`Json`]
//! hides which of the two holds the data, so the core's code is one code on both.

#[cfg(target_arch = "wasm32")]
pub mod from_js;
#[cfg(target_arch = "wasm32")]
pub mod to_js;

/// The newtype name by which [`Json`] passes its value through [`from_js`] and
/// [`to_js`] as it is, without a copy into Rust.
#[cfg(target_arch = "wasm32")]
const KEPT: &str = "magic-link-widget::Json";

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The value in passage (the browser runs the widget on one thread).
    static KEPT_VALUE: std::cell::RefCell<Option<wasm_bindgen::JsValue>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(target_arch = "wasm32")]
fn keep(value: wasm_bindgen::JsValue) {
    KEPT_VALUE.with(|slot| *slot.borrow_mut() = Some(value));
}

#[cfg(target_arch = "wasm32")]
fn take_kept() -> Option<wasm_bindgen::JsValue> {
    KEPT_VALUE.with(|slot| slot.borrow_mut().take())
}

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

#[cfg(target_arch = "wasm32")]
type Inner = wasm_bindgen::JsValue;
#[cfg(not(target_arch = "wasm32"))]
type Inner = serde_json::Value;

/// A parsed JSON value, kept as the platform holds it: a `JsValue` in the browser,
/// a `serde_json::Value` on the host. Deserializing into it never fails, so it also
/// carries data the widget only passes on (the API's `user` object) exactly as it
/// came.
#[derive(Clone, Debug, PartialEq)]
pub struct Json(Inner);

impl Json {
    /// The value of JSON `text`, or `None` when the text is not JSON.
    pub fn parse(text: &str) -> Option<Json> {
        #[cfg(target_arch = "wasm32")]
        return js_sys::JSON::parse(text).ok().map(Json);
        #[cfg(not(target_arch = "wasm32"))]
        return serde_json::from_str(text).ok().map(Json);
    }

    /// A value the browser parsed already (a `fetch` answer's `json()`); `None` for
    /// `null` and `undefined`.
    #[cfg(target_arch = "wasm32")]
    pub fn parse_value(value: wasm_bindgen::JsValue) -> Option<Json> {
        (!value.is_null() && !value.is_undefined()).then_some(Json(value))
    }

    /// The value read as `T`, or `None` when it has another shape.
    pub fn read<T: DeserializeOwned>(&self) -> Option<T> {
        #[cfg(target_arch = "wasm32")]
        return T::deserialize(from_js::Deserializer(self.0.clone())).ok();
        #[cfg(not(target_arch = "wasm32"))]
        return T::deserialize(&self.0).ok();
    }

    /// `data` as a JSON value (structs and maps become plain objects).
    pub fn of<T: Serialize + ?Sized>(data: &T) -> Option<Json> {
        #[cfg(target_arch = "wasm32")]
        return data.serialize(to_js::Serializer).ok().map(Json);
        #[cfg(not(target_arch = "wasm32"))]
        return serde_json::to_value(data).ok().map(Json);
    }

    /// The value as JSON text.
    pub fn to_text(&self) -> String {
        #[cfg(target_arch = "wasm32")]
        return js_sys::JSON::stringify(&self.0)
            .map(String::from)
            .unwrap_or_default();
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.to_string();
    }

    /// Whether the value is an object (not an array, not `null`).
    pub fn is_object(&self) -> bool {
        #[cfg(target_arch = "wasm32")]
        return self.0.is_object() && !js_sys::Array::is_array(&self.0);
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.is_object();
    }

    /// The browser's value, to hand to the page (an event's `detail`).
    #[cfg(target_arch = "wasm32")]
    pub fn into_js(self) -> wasm_bindgen::JsValue {
        self.0
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        // The browser's value as it is, without a copy into Rust.
        #[cfg(target_arch = "wasm32")]
        return {
            struct Kept;
            impl serde::de::Visitor<'_> for Kept {
                type Value = Json;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a value read by from_js")
                }
                fn visit_unit<E: serde::de::Error>(self) -> Result<Json, E> {
                    take_kept()
                        .map(Json)
                        .ok_or_else(|| E::custom("not read by from_js"))
                }
            }
            deserializer.deserialize_newtype_struct(KEPT, Kept)
        };
        #[cfg(not(target_arch = "wasm32"))]
        return Inner::deserialize(deserializer).map(Json);
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(target_arch = "wasm32")]
        return {
            keep(self.0.clone());
            serializer.serialize_newtype_struct(KEPT, &())
        };
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.serialize(serializer);
    }
}

/// The members of a JSON object, in the object's order, each value kept as it
/// came. A list, not a map: a map type would be a second copy of a B-tree or a
/// hash table in the wasm for a handful of members.
pub struct Entries(pub Vec<(String, Json)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> serde::de::Visitor<'de> for Object {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Json>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Object)
    }
}

/// For `#[serde(default, deserialize_with = "loose")]`: the field as `T`, or `None`
/// when it is missing, `null` or of another type. One odd field of an API answer
/// then costs that field only, never the whole answer.
pub fn loose<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(Option::<Json>::deserialize(deserializer)?.and_then(|value| value.read()))
}

/// [`loose`] for a nested object: `None` unless the field is an object, so an
/// array is never read field by field as if it were one.
pub fn loose_object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(Option::<Json>::deserialize(deserializer)?
        .filter(Json::is_object)
        .and_then(|value| value.read()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Answer {
        #[serde(default, deserialize_with = "loose")]
        name: Option<String>,
        #[serde(default, deserialize_with = "loose")]
        count: Option<u32>,
    }

    #[test]
    fn loose_fields_keep_the_rest_of_the_answer() {
        let read = |text: &str| Json::parse(text).unwrap().read::<Answer>().unwrap();
        assert_eq!(
            read(r#"{"name":"a","count":2,"extra":[1,{"x":null}]}"#),
            Answer {
                name: Some("a".into()),
                count: Some(2)
            }
        );
        assert_eq!(
            read(r#"{"name":5,"count":"2"}"#),
            Answer {
                name: None,
                count: None
            }
        );
        assert_eq!(read(r#"{"name":null,"count":-1}"#).count, None);
        assert_eq!(read("{}").name, None);
    }

    #[test]
    fn garbage_is_not_json() {
        for text in ["", "{", "<html>", "{\"a\":1", "nul"] {
            assert_eq!(Json::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_objects_are_objects() {
        let object = |text: &str| Json::parse(text).unwrap().is_object();
        assert!(object("{}"));
        assert!(!object("[]") && !object("null") && !object("\"x\"") && !object("1"));
    }

    #[test]
    fn a_kept_value_comes_out_as_it_went_in() {
        let text = r#"{"id":"u1","roles":["a","b"],"n":1.5,"deep":{"x":null}}"#;
        let value = Json::parse(text).unwrap();
        assert_eq!(Json::parse(&value.to_text()), Some(value.clone()));
        let wrapped = Json::of(&[&value]).unwrap();
        assert_eq!(
            Json::parse(&wrapped.to_text()),
            Json::parse(&format!("[{text}]"))
        );
    }
}
