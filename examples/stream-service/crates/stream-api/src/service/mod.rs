pub mod oauth2;
pub mod tokens;
