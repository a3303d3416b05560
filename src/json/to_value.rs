//! `to_value`: any `Serialize` type as a [`Value`], the way serde_json would build it.
//! Used for the few engine types that also become rule data (the customer, scores).

use serde::ser::{self, Serialize};

use super::value::{Map, Number, Value};

/// Why a value has no JSON form (a map key that is not a string, a non-finite float is not
/// an error: it becomes `null`, as in serde_json).
#[derive(Debug)]
pub struct NotJson(String);

impl std::fmt::Display for NotJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotJson {}

impl ser::Error for NotJson {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        NotJson(msg.to_string())
    }
}

pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value, NotJson> {
    v.serialize(ToValue)
}

struct ToValue;

pub struct Seq(Vec<Value>);

pub struct Variant<T> {
    name: &'static str,
    inner: T,
}

pub struct Obj {
    map: Map,
    key: Option<String>,
}

impl ser::Serializer for ToValue {
    type Ok = Value;
    type Error = NotJson;
    type SerializeSeq = Seq;
    type SerializeTuple = Seq;
    type SerializeTupleStruct = Seq;
    type SerializeTupleVariant = Variant<Seq>;
    type SerializeMap = Obj;
    type SerializeStruct = Obj;
    type SerializeStructVariant = Variant<Obj>;

    fn serialize_bool(self, v: bool) -> Result<Value, NotJson> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, NotJson> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, NotJson> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, NotJson> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, NotJson> {
        Ok(Value::Number(Number::from(v)))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, NotJson> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, NotJson> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, NotJson> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, NotJson> {
        Ok(Value::Number(Number::from(v)))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, NotJson> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, NotJson> {
        Ok(Value::from(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, NotJson> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, NotJson> {
        Ok(Value::String(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, NotJson> {
        Ok(v.iter().map(|&b| Value::from(b)).collect())
    }
    fn serialize_none(self) -> Result<Value, NotJson> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, NotJson> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, NotJson> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, NotJson> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, NotJson> {
        Ok(Value::from(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, NotJson> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, NotJson> {
        let mut m = Map::new();
        m.insert(variant.to_string(), v.serialize(self)?);
        Ok(Value::Object(m))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq, NotJson> {
        Ok(Seq(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq, NotJson> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq, NotJson> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Seq>, NotJson> {
        Ok(Variant {
            name: variant,
            inner: Seq(Vec::with_capacity(len)),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Obj, NotJson> {
        Ok(Obj {
            map: Map::new(),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Obj, NotJson> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Obj>, NotJson> {
        Ok(Variant {
            name: variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

impl ser::SerializeSeq for Seq {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NotJson> {
        self.0.push(to_value(v)?);
        Ok(())
    }
    fn end(self) -> Result<Value, NotJson> {
        Ok(Value::Array(self.0))
    }
}

impl ser::SerializeTuple for Seq {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NotJson> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value, NotJson> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NotJson> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Value, NotJson> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Variant<Seq> {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NotJson> {
        ser::SerializeSeq::serialize_element(&mut self.inner, v)
    }
    fn end(self) -> Result<Value, NotJson> {
        let mut m = Map::new();
        m.insert(self.name.to_string(), Value::Array(self.inner.0));
        Ok(Value::Object(m))
    }
}

impl ser::SerializeMap for Obj {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), NotJson> {
        match to_value(k)? {
            Value::String(s) => self.key = Some(s),
            Value::Number(n) => self.key = Some(n.to_string()),
            Value::Bool(b) => self.key = Some(b.to_string()),
            _ => return Err(NotJson("key must be a string".into())),
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), NotJson> {
        let key = self.key.take().unwrap_or_default();
        self.map.insert(key, to_value(v)?);
        Ok(())
    }
    fn end(self) -> Result<Value, NotJson> {
        Ok(Value::Object(self.map))
    }
}

impl ser::SerializeStruct for Obj {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), NotJson> {
        self.map.insert(key.to_string(), to_value(v)?);
        Ok(())
    }
    fn end(self) -> Result<Value, NotJson> {
        Ok(Value::Object(self.map))
    }
}

impl ser::SerializeStructVariant for Variant<Obj> {
    type Ok = Value;
    type Error = NotJson;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), NotJson> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, v)
    }
    fn end(self) -> Result<Value, NotJson> {
        let mut m = Map::new();
        m.insert(self.name.to_string(), Value::Object(self.inner.map));
        Ok(Value::Object(m))
    }
}
