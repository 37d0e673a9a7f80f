"""Surprise's side of `cargo xtask bench-train --surprise`.

Prints one JSON object per line:
- MovieLens ml-latest-small: 5-fold CV of SVD with Surprise's defaults
  (seeded folds and initialisation), and an 80/20 split with seed 0;
- a synthetic ratings CSV (the file Cartelera also trains on): one SVD fit
  with the same parameters on all of it, to measure rating updates per
  second.
"""
import json
import sys
import time

from surprise import SVD, Dataset, Reader, accuracy
from surprise.model_selection import KFold, train_test_split


def movielens(path):
    reader = Reader(line_format="user item rating timestamp", sep=",", skip_lines=1, rating_scale=(0.5, 5.0))
    data = Dataset.load_from_file(path, reader=reader)
    folds = []
    for k, (train, test) in enumerate(KFold(n_splits=5, random_state=0, shuffle=True).split(data)):
        algo = SVD(random_state=k)
        t = time.perf_counter()
        algo.fit(train)
        fit = time.perf_counter() - t
        preds = algo.test(test)
        folds.append({"rmse": accuracy.rmse(preds, verbose=False), "mae": accuracy.mae(preds, verbose=False), "fit_seconds": fit})
    mean = lambda key: sum(f[key] for f in folds) / len(folds)
    print(json.dumps({"bench": "movielens_cv5", "rmse_mean": mean("rmse"), "mae_mean": mean("mae"),
                      "fit_seconds_mean": mean("fit_seconds"), "folds": folds}), flush=True)
    train, test = train_test_split(data, test_size=0.2, random_state=0)
    algo = SVD(random_state=0)
    algo.fit(train)
    preds = algo.test(test)
    print(json.dumps({"bench": "movielens_split", "rmse": accuracy.rmse(preds, verbose=False),
                      "mae": accuracy.mae(preds, verbose=False)}), flush=True)


def synthetic(path):
    reader = Reader(line_format="user rating timestamp item", sep=",", skip_lines=1, rating_scale=(0.5, 5.0))
    data = Dataset.load_from_file(path, reader=reader)
    train = data.build_full_trainset()
    algo = SVD(random_state=0)
    t = time.perf_counter()
    algo.fit(train)
    fit = time.perf_counter() - t
    updates = train.n_ratings * algo.n_epochs
    print(json.dumps({"bench": "synthetic_fit", "n_ratings": train.n_ratings, "fit_seconds": fit,
                      "updates_per_second": updates / fit}), flush=True)


if __name__ == "__main__":
    movielens(sys.argv[1])
    synthetic(sys.argv[2])
