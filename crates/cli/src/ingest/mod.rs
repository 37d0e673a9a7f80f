//! From the raw files to the pipeline's outputs: the catalogs' CSV
//! (`catalog_csv`), a ratings folder's files (`ratings_files`; the rows'
//! rules, order and de-duplication are `cartelera-ingest`'s), and the ETL
//! that runs them and writes the outputs (`etl`).

pub mod catalog_csv;
pub mod etl;
pub mod ratings_files;
