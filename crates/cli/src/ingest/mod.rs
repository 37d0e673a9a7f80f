//! From the raw files to the pipeline's outputs: the catalogs' CSV
//! (`catalog_csv`), the ratings' CSV (`ratings_csv`), the header rules
//! both share (`header`), ordering and de-duplication (`ratings_order`),
//! and the ETL that runs them and writes the outputs (`etl`).

pub mod catalog_csv;
pub mod etl;
pub mod header;
pub mod ratings_csv;
pub mod ratings_order;
