"""Cartelera's biased rating model, trained with Spark at cluster scale.

    spark-submit spark/train_als.py --ratings data/build/ratings.parquet --out model-spark \
        [--rank 10] [--iters 10] [--reg 0.1] [--implicit] [--test-size 0.2] [--seed 0] \
        [--checkpoint-dir hdfs:///tmp/cartelera-checkpoints]

Reads the pipeline's ratings.parquet (`user_id`, `title_id`, `rating`,
`timestamp`) or a folder of them, fits the biases the way Surprise's
BaselineOnly does (mu, then alternating damped b_i and b_u, reg_i = 10,
reg_u = 15, 10 rounds, as DataFrame aggregations), trains ALS on the
residuals r - mu - b_u - b_i, evaluates RMSE/MAE of mu + b_u + b_i + q_i.p_u
(clipped to 0.5-5, unknown users/titles falling back to the biases, as
`cartelera predict` does) on a held-out split, and writes to --out:

    userFactors/, itemFactors/, metadata/   Spark's own ALS model layout
    userBias/, itemBias/                    Parquet: id, bias
    itemIds/                                Parquet: id (ALS's integer), title_id
    mu                                      the global mean, as text
    card.json                               hyperparameters, sizes, metrics, timings

`cartelera import-als DIR` reads all of it, so the imported model predicts
exactly as this job does (docs/scale.md).
"""

import argparse
import json
import os
import time

from pyspark.ml.recommendation import ALS
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

# Surprise's BaselineOnly defaults (ALS method).
REG_I, REG_U, BIAS_ROUNDS = 10.0, 15.0, 10


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ratings", required=True, help="ratings.parquet or a folder of them")
    p.add_argument("--out", required=True, help="the model's folder (must not exist)")
    p.add_argument("--rank", type=int, default=10)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--reg", type=float, default=0.1)
    p.add_argument("--implicit", action="store_true", help="implicit-feedback ALS on the residuals")
    p.add_argument("--test-size", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--checkpoint-dir", default="", metavar="DIR",
                   help="reliable storage (HDFS, S3) for ALS to checkpoint to every 10 iterations: "
                        "without it, many iterations build a lineage long enough to overflow the stack")
    p.add_argument("--sample", type=int, default=0, metavar="N",
                   help="also write predictions.json: N held-out pairs with this job's estimates")
    p.add_argument("--pairs", default="", metavar="USER:TITLE,...",
                   help="more pairs for predictions.json (unknown users or titles: the fallbacks)")
    args = p.parse_args()
    if not 0.0 < args.test_size < 1.0:
        p.error(f"--test-size: expected a share between 0 and 1, found {args.test_size}")
    if args.rank < 1 or args.iters < 1 or args.reg < 0:
        p.error("--rank and --iters must be at least 1, --reg at least 0")
    if os.path.exists(args.out):
        p.error(f"--out: {args.out} exists; choose a new folder")
    return args


def fit_biases(train, mu):
    """Alternating damped means: b_i = sum(r - mu - b_u) / (reg_i + n_i),
    b_u = sum(r - mu - b_i) / (reg_u + n_u), BIAS_ROUNDS times. Each round
    is checkpointed: otherwise every round's plan holds all the rounds
    before it, and Spark runs out of memory describing it."""
    users = train.select("user").distinct().withColumn("bu", F.lit(0.0))
    items = None
    for _ in range(BIAS_ROUNDS):
        items = (
            train.join(users, "user")
            .groupBy("item")
            .agg((F.sum(F.col("rating") - mu - F.col("bu")) / (REG_I + F.count("*"))).alias("bi"))
        ).localCheckpoint()
        users = (
            train.join(items, "item")
            .groupBy("user")
            .agg((F.sum(F.col("rating") - mu - F.col("bi")) / (REG_U + F.count("*"))).alias("bu"))
        ).localCheckpoint()
    return users, items


def main():
    args = parse_args()
    spark = SparkSession.builder.appName("cartelera-train-als").getOrCreate()
    if args.checkpoint_dir:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)
    started = time.time()
    ratings = spark.read.parquet(args.ratings).select(
        F.col("user_id").cast("int").alias("user"),
        F.col("title_id").cast("string").alias("title_id"),
        F.col("rating").cast("double").alias("rating"),
    )
    # ALS takes integer item ids: each title its dense index, kept so the
    # import maps them back.
    ids = ratings.select("title_id").distinct().withColumn(
        "item", (F.row_number().over(Window.orderBy("title_id")) - 1).cast("int")
    )
    ratings = ratings.join(ids, "title_id").select("user", "item", "rating").cache()
    train, test = ratings.randomSplit([1.0 - args.test_size, args.test_size], seed=args.seed)
    train = train.cache()
    mu = train.agg(F.avg("rating")).first()[0]
    users, items = fit_biases(train, mu)
    residuals = (
        train.join(users, "user")
        .join(items, "item")
        .withColumn("residual", F.col("rating") - mu - F.col("bu") - F.col("bi"))
    )
    als = ALS(
        rank=args.rank,
        maxIter=args.iters,
        regParam=args.reg,
        implicitPrefs=args.implicit,
        userCol="user",
        itemCol="item",
        ratingCol="residual",
        seed=args.seed,
        coldStartStrategy="nan",
    )
    model = als.fit(residuals)
    fit_seconds = time.time() - started

    # mu + b_u + b_i + q_i.p_u, clipped; unknown sides fall back to the
    # biases they have (as `cartelera predict` answers).
    def estimate(pairs):
        """This job's prediction for (user, item) rows: clip(mu + b_u + b_i
        + q_i.p_u), an unknown side contributing nothing."""
        return (
            model.transform(pairs)
            .join(users, "user", "left")
            .join(items, "item", "left")
            .withColumn(
                "estimate",
                F.least(
                    F.lit(5.0),
                    F.greatest(
                        F.lit(0.5),
                        F.lit(mu)
                        + F.coalesce(F.col("bu"), F.lit(0.0))
                        + F.coalesce(F.col("bi"), F.lit(0.0))
                        # ALS says NaN for an id it never saw.
                        + F.when(F.isnan("prediction") | F.col("prediction").isNull(), F.lit(0.0))
                        .otherwise(F.col("prediction")),
                    ),
                ),
            )
        )

    scored = estimate(test)
    errors = scored.agg(
        F.sqrt(F.avg((F.col("estimate") - F.col("rating")) ** 2)).alias("rmse"),
        F.avg(F.abs(F.col("estimate") - F.col("rating"))).alias("mae"),
        F.count("*").alias("n"),
    ).first()
    baseline = (
        test.join(users, "user", "left")
        .join(items, "item", "left")
        .withColumn(
            "estimate",
            F.least(
                F.lit(5.0),
                F.greatest(
                    F.lit(0.5),
                    F.lit(mu) + F.coalesce(F.col("bu"), F.lit(0.0)) + F.coalesce(F.col("bi"), F.lit(0.0)),
                ),
            ),
        )
        .agg(F.sqrt(F.avg((F.col("estimate") - F.col("rating")) ** 2)).alias("rmse"))
        .first()
    )

    model.write().save(args.out)
    users.select(F.col("user").alias("id"), F.col("bu").cast("float").alias("bias")).write.parquet(
        os.path.join(args.out, "userBias")
    )
    items.select(F.col("item").alias("id"), F.col("bi").cast("float").alias("bias")).write.parquet(
        os.path.join(args.out, "itemBias")
    )
    ids.select(F.col("item").alias("id"), "title_id").write.parquet(os.path.join(args.out, "itemIds"))
    with open(os.path.join(args.out, "mu"), "w") as f:
        f.write(repr(float(mu)))
    card = {
        "source": "spark/train_als.py",
        "spark": spark.version,
        "hyperparameters": {
            "rank": args.rank,
            "iters": args.iters,
            "reg": args.reg,
            "implicit": args.implicit,
            "test_size": args.test_size,
            "seed": args.seed,
            "bias_reg_item": REG_I,
            "bias_reg_user": REG_U,
            "bias_rounds": BIAS_ROUNDS,
        },
        "n_train": train.count(),
        "n_test": errors["n"],
        "mu": mu,
        "metrics": {"rmse": errors["rmse"], "mae": errors["mae"], "baseline_only_rmse": baseline["rmse"]},
        "seconds": {"fit": fit_seconds, "total": time.time() - started},
    }
    if args.sample or args.pairs:
        named = ids.select("item", "title_id")
        sample = scored.orderBy(F.rand(args.seed)).limit(args.sample).join(named, "item")
        rows = [(r["user"], r["title_id"], r["estimate"]) for r in sample.collect()]
        extra = [pair.split(":", 1) for pair in args.pairs.split(",") if pair]
        if extra:
            asked = spark.createDataFrame([(int(u), t) for u, t in extra], "user int, title_id string")
            # A title the job never saw: an item id ALS does not know.
            asked = asked.join(named, "title_id", "left").fillna(2_000_000_000, ["item"])
            rows += [(r["user"], r["title_id"], r["estimate"]) for r in estimate(asked).collect()]
        with open(os.path.join(args.out, "predictions.json"), "w") as f:
            json.dump([{"user": str(u), "title": t, "estimate": e} for u, t, e in rows], f, indent=1)
    with open(os.path.join(args.out, "card.json"), "w") as f:
        json.dump(card, f, indent=2)
    print(json.dumps(card))
    spark.stop()


if __name__ == "__main__":
    main()
