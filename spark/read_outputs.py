"""Opens every Parquet file the pipeline wrote with Spark, pyarrow and DuckDB.

    spark-submit spark/read_outputs.py data/build

Each reader decodes every value of each file, and all three must find the
same rows (more than zero for the ETL's tables) and the same non-null
values per column; prints one line per file and exits with 1 naming
every file a reader could not open (issue 17: stock Spark has no
Brotli codec, so a Brotli `titles.parquet` failed there). Run by
`cargo xtask spark-test`.
"""

import os
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession


def parquet_files(root):
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            if name.endswith(".parquet"):
                yield os.path.join(folder, name)


# The ETL's tables: these must open in stock Spark with its defaults.
ETL_TABLES = ("titles.parquet", "ratings.parquet")


def non_null(rows, width):
    """(rows, non-null values per column) of decoded rows."""
    counts = [0] * width
    for row in rows:
        for i in range(width):
            counts[i] += row[i] is not None
    return (len(rows), counts)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: read_outputs.py DIR")
    files = list(parquet_files(sys.argv[1]))
    if not files:
        sys.exit(f"read_outputs: no .parquet file under {sys.argv[1]}")
    spark = SparkSession.builder.appName("cartelera-read-outputs").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    failures = []
    no_float16 = 0
    for path in files:
        try:
            # Every reader decodes every value (a row count alone comes from
            # the footer: Spark counted a Brotli file it could not decode).
            table = pq.read_table(path)
            columns = table.column_names
            arrow = (table.num_rows, [len(c) - c.null_count for c in table.columns])
            metadata = pq.ParquetFile(path).metadata
            duck = non_null(duckdb.sql(f"SELECT * FROM read_parquet('{path}')").fetchall(), len(columns))
            chunks = [
                metadata.row_group(g).column(c)
                for g in range(metadata.num_row_groups)
                for c in range(metadata.num_columns)
            ]
            stock = os.path.basename(path) in ETL_TABLES
            if "halffloat" in str(table.schema) and not stock:
                # Spark 4.0 has no FLOAT16 (Parquet's 2023 logical type): the
                # factor files' default f16 precision is for cartelera and
                # the page; `train --precision f32` or `int8` writes factor
                # files Spark reads.
                sparked, spark_note = duck, "Spark: no FLOAT16 type (f16 factors), not read"
                no_float16 += 1
            else:
                bss = any("BYTE_STREAM_SPLIT" in chunk.encodings for chunk in chunks)
                # Spark 4.0's vectorized reader has no BYTE_STREAM_SPLIT (the
                # factor files' float columns); parquet-mr's row reader has.
                vectorized = "false" if bss and not stock else "true"
                spark.conf.set("spark.sql.parquet.enableVectorizedReader", vectorized)
                sparked = non_null(spark.read.parquet(path).collect(), len(columns))
                spark_note = "Spark" if vectorized == "true" else "Spark (row reader: BYTE_STREAM_SPLIT)"
        except Exception as e:  # the reader's own message names the codec
            causes = [l.strip() for l in str(e).splitlines() if "Caused by" in l]
            failures.append(f"{path}: {type(e).__name__}: {(causes or str(e).splitlines())[-1]}")
            continue
        if not (arrow == duck == sparked) or (stock and arrow[0] == 0):
            failures.append(f"{path}: (rows, non-null values per column) pyarrow {arrow}, DuckDB {duck}, Spark {sparked}")
            continue
        codecs = "/".join(sorted({chunk.compression for chunk in chunks}))
        print(f"read_outputs: {path}: {arrow[0]} rows, {len(columns)} columns, {codecs}: pyarrow = DuckDB = {spark_note}")
    spark.stop()
    if failures:
        sys.exit("read_outputs: " + "\n".join(failures))
    print(
        f"read_outputs: all {len(files)} files open in pyarrow and DuckDB, {len(files) - no_float16} in Spark"
        + (f" ({no_float16} hold f16 factors, a type Spark 4.0 lacks)" if no_float16 else "")
    )


if __name__ == "__main__":
    main()
