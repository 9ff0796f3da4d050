#!/usr/bin/env python3
"""Golden values for the learning core, computed independently of the TypeScript code.

Straightforward dense numpy (and scipy for one optimum) implementations of the formulas the
TypeScript modules document: TF-IDF (tfidf.ts), one-vs-rest multinomial naive Bayes
(naive-bayes.ts), the L2-regularised logistic loss and its gradient (logistic.ts), the
multi-label metrics (metrics.ts), PSI (drift.ts) and the dataset hash (train.ts). Inputs are
fixed here (the random ones from a seeded numpy generator) and written next to the outputs, so
the tests read both from reference.json.

Regenerate (python3 with numpy and scipy), then format the JSON the way the repository does:
    python3 subgraphs/ml/src/domain/learn/golden/reference.py
    pnpm biome format --write subgraphs/ml/src/domain/learn/golden/reference.json
"""

import hashlib
import json
import math
import pathlib
from collections import Counter

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logsumexp

OUT = pathlib.Path(__file__).with_name("reference.json")


# --- TF-IDF ------------------------------------------------------------------------------------
def fit_vocabulary(docs, max_features, min_df):
    df = Counter()
    for doc in docs:
        df.update(set(doc))
    kept = [t for t in df if df[t] >= min_df]
    kept.sort(key=lambda t: (-df[t], t))  # most documents first, ties by term
    kept = sorted(kept[:max_features])  # feature index = position in sorted order
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept])
    return kept, idf


def tfidf(docs, terms, idf):
    index = {t: j for j, t in enumerate(terms)}
    x = np.zeros((len(docs), len(terms)))
    for i, doc in enumerate(docs):
        for t, count in Counter(t for t in doc if t in index).items():
            x[i, index[t]] = (1 + math.log(count)) * idf[index[t]]
    norms = np.sqrt((x * x).sum(axis=1))
    nonzero = norms > 0
    x[nonzero] = x[nonzero] / norms[nonzero, None]
    return x


# --- naive Bayes -------------------------------------------------------------------------------
def naive_bayes(x, y, alpha):
    """One label against the rest; returns log priors, log thetas and joint log-likelihoods."""
    n, v = x.shape
    log_prior = np.zeros(2)
    log_theta = np.zeros((2, v))
    for c in (0, 1):
        xc = x[y == c]
        counts = xc.sum(axis=0)
        log_theta[c] = np.log(counts + alpha) - np.log(counts.sum() + alpha * v)
        log_prior[c] = math.log(len(xc) / n)
    jll = log_prior[None, :] + x @ log_theta.T  # n × 2
    probability = np.exp(jll[:, 1] - logsumexp(jll, axis=1))
    return log_prior, log_theta, jll, probability


# --- logistic regression -----------------------------------------------------------------------
def logistic_objective(x, y, w, b, l2):
    """Mean logistic loss + l2/2 ‖w‖² and its gradient, for one label."""
    n = x.shape[0]
    z = x @ w + b
    loss = np.mean(np.logaddexp(0, z) - y * z) + l2 / 2 * np.dot(w, w)
    r = expit(z) - y
    return loss, x.T @ r / n + l2 * w, r.sum() / n


def logistic_optimum(x, y, l2):
    v = x.shape[1]

    def f(theta):
        loss, gw, gb = logistic_objective(x, y, theta[:v], theta[v], l2)
        return loss, np.append(gw, gb)

    result = minimize(f, np.zeros(v + 1), jac=True, method="L-BFGS-B",
                      options={"gtol": 1e-13, "ftol": 1e-16, "maxiter": 100000, "maxcor": 30})
    return result.x[:v], result.x[v], float(np.max(np.abs(f(result.x)[1])))


# --- metrics -----------------------------------------------------------------------------------
def multi_label_metrics(p, truth):
    n, k = p.shape
    correct = 0
    tp = np.zeros(k)
    fp = np.zeros(k)
    fn = np.zeros(k)
    for i in range(n):
        top = int(np.argmax(p[i]))  # first index on ties, as the TypeScript does
        correct += top in truth[i]
        predicted = {l for l in range(k) if p[i, l] >= 0.5} | {top}
        for l in range(k):
            if l in predicted and l in truth[i]:
                tp[l] += 1
            elif l in predicted:
                fp[l] += 1
            elif l in truth[i]:
                fn[l] += 1
    f1 = [2 * tp[l] / (2 * tp[l] + fp[l] + fn[l]) for l in range(k) if 2 * tp[l] + fp[l] + fn[l] > 0]
    return correct / n, float(np.mean(f1)) if f1 else 0.0


# --- PSI ---------------------------------------------------------------------------------------
def psi(reference, current, epsilon=1e-4):
    p = np.asarray(reference, dtype=float)
    q = np.asarray(current, dtype=float)
    p = np.maximum(p / p.sum(), epsilon)
    q = np.maximum(q / q.sum(), epsilon)
    return float(np.sum((q - p) * np.log(q / p)))


# --- dataset hash ------------------------------------------------------------------------------
def dataset_hash(examples):
    lines = sorted(
        json.dumps([e["id"], e["text"], sorted(set(e["labels"]))], separators=(",", ":"), ensure_ascii=False)
        for e in examples
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main():
    rng = np.random.default_rng(12345)

    # A hand-made case: repeats (sublinear tf), a cap with df ties, an empty and an all-OOV document.
    small_docs = [
        ["redis", "cache", "redis", "redis", "fast"],
        ["redis", "queue", "stream"],
        ["postgres", "index", "vacuum", "index"],
        ["postgres", "redis", "cache"],
        [],
        ["unique", "words", "only"],
        ["index", "cache", "queue", "stream", "postgres"],
    ]
    small_terms, small_idf = fit_vocabulary(small_docs, max_features=5, min_df=2)
    small_x = tfidf(small_docs, small_terms, small_idf)

    # A random case: 60 documents over 40 words (Zipf-like), 3 labels tied to word groups.
    words = [f"w{j:02d}" for j in range(40)]
    zipf = 1 / np.arange(2, 42)
    zipf /= zipf.sum()
    docs = []
    label_sets = []
    for _ in range(60):
        labels = sorted({int(l) for l in rng.choice(3, size=rng.integers(1, 3), replace=True)})
        weights = zipf.copy()
        for l in labels:
            weights[5 + 10 * l: 15 + 10 * l] *= 6  # each label favours ten words
        weights /= weights.sum()
        docs.append([words[j] for j in rng.choice(40, size=int(rng.integers(0, 30)), p=weights)])
        label_sets.append(labels)
    terms, idf = fit_vocabulary(docs, max_features=30, min_df=2)
    x = tfidf(docs, terms, idf)
    n, v = x.shape
    k = 3
    y = np.zeros((n, k))
    for i, labels in enumerate(label_sets):
        y[i, labels] = 1

    alpha = 0.5
    nb = []
    for l in range(k):
        log_prior, log_theta, jll, probability = naive_bayes(x, y[:, l], alpha)
        nb.append({
            "logPrior": log_prior.tolist(),
            "logTheta": log_theta.tolist(),
            "jointLogLikelihood": jll.tolist(),
            "probability": probability.tolist(),
        })

    l2 = 0.05
    w = rng.normal(0, 1.5, size=(v, k))
    b = rng.normal(0, 0.5, size=k)
    gradient = []
    for l in range(k):
        loss, gw, gb = logistic_objective(x, y[:, l], w[:, l], b[l], l2)
        gradient.append({"loss": loss, "gradWeights": gw.tolist(), "gradBias": gb})
    optimum = []
    for l in range(k):
        ow, ob, largest = logistic_optimum(x, y[:, l], l2)
        optimum.append({"weights": ow.tolist(), "bias": ob, "largestGradient": largest})

    p = rng.uniform(0, 1, size=(25, 4))
    p[3] = [0.2, 0.2, 0.1, 0.1]  # a tie for the top label
    truth = [sorted({int(l) for l in rng.choice(4, size=rng.integers(1, 3))}) for _ in range(25)]
    truth[0] = [3]
    accuracy, macro_f1 = multi_label_metrics(p, truth)

    histograms = [
        {"reference": [10, 20, 30, 40], "current": [10, 20, 30, 40]},
        {"reference": [0.1, 0.2, 0.3, 0.4], "current": [100, 200, 300, 400]},
        {"reference": [40, 30, 20, 10], "current": [10, 20, 30, 40]},
        {"reference": [5, 0, 12, 83, 0], "current": [0, 7, 30, 60, 3]},
        {"reference": [1, 1, 1, 1, 1, 1], "current": [1, 1, 1, 1, 1, 50]},
        {"reference": rng.integers(0, 50, size=11).tolist(), "current": rng.integers(0, 50, size=11).tolist()},
    ]
    for h in histograms:
        h["psi"] = psi(h["reference"], h["current"])
    h = {"reference": [5, 0, 12, 83, 0], "current": [0, 7, 30, 60, 3], "epsilon": 1e-3}
    h["psi"] = psi(h["reference"], h["current"], h["epsilon"])
    histograms.append(h)

    examples = [
        {"id": "b", "text": "Zweite Notiz — café", "labels": ["x", "a", "x"]},
        {"id": "a", "text": 'first "quoted" note\nwith a newline', "labels": []},
        {"id": "c", "text": "third", "labels": ["b"]},
    ]

    out = {
        "tfidf": [
            {"documents": small_docs, "maxFeatures": 5, "minDf": 2, "terms": small_terms,
             "idf": small_idf.tolist(), "matrix": small_x.tolist()},
            {"documents": docs, "maxFeatures": 30, "minDf": 2, "terms": terms, "idf": idf.tolist(),
             "matrix": x.tolist()},
        ],
        "labelSets": label_sets,
        "naiveBayes": {"alpha": alpha, "labels": nb},
        "logistic": {"l2": l2, "weights": w.tolist(), "bias": b.tolist(), "gradient": gradient,
                     "optimum": optimum},
        "metrics": {"probabilities": p.tolist(), "truth": truth, "accuracy": accuracy, "macroF1": macro_f1},
        "psi": histograms,
        "datasetHash": {"examples": examples, "hash": dataset_hash(examples)},
    }
    OUT.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
