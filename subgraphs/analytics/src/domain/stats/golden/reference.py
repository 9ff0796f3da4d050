#!/usr/bin/env python3
"""Reference values for the stats golden tests, computed independently of the TypeScript.

Run from this folder:  python3 reference.py > reference.json
(then `pnpm exec biome format --write reference.json`: the values are the same, the layout biome's).
Needs numpy and scipy only. Every value says where it comes from:

- z-test p-value: the pooled two-proportion z statistic, two-sided tail from scipy.stats.norm.sf;
  cross-checked against scipy.stats.chi2_contingency(correction=False) on the 2x2 table (Pearson's
  chi-square on a 2x2 table is the square of the pooled z), so the p-value is confirmed by two routes.
- Wald interval: diff +/- scipy.stats.norm.ppf(1 - (1 - confidence) / 2) * unpooled standard error,
  clipped to [-1, 1] (a difference of rates cannot leave it).
- Sample-ratio test: scipy.stats.chisquare(observed, f_exp = N * weights).
- Mixture SPRT (Johari, Koomen, Pekelis & Walsh, "Always Valid Inference: Continuous Monitoring of
  A/B Tests", 2017): straight from the definition, not the closed form. With theta_hat the observed
  difference and V its (unpooled) variance, the mixture likelihood ratio against theta0 is
      Lambda(theta0) = integral of  N(theta_hat; theta0 + d, V) / N(theta_hat; theta0, V)  dH(d),
      H = N(0, tau2),
  evaluated by scipy.integrate.quad; the always-valid p-value is min(1, 1 / Lambda(0)) and the
  confidence sequence is {theta0 : Lambda(theta0) < 1 / alpha}, whose ends are found by
  scipy.optimize.brentq. The closed form of the paper is only used as an assertion that the
  numerical route is right.
"""

import json
import math
import sys

import numpy as np
from scipy import integrate, optimize, stats


def rate(users, conversions):
    return conversions / users if users else 0.0


def z_test(c_users, c_conv, v_users, v_conv, confidence):
    pc, pv = rate(c_users, c_conv), rate(v_users, v_conv)
    diff = pv - pc
    pooled = (c_conv + v_conv) / (c_users + v_users)
    pooled_se = math.sqrt(pooled * (1 - pooled) * (1 / c_users + 1 / v_users))
    if pooled_se == 0:
        p_value = 1.0  # no variance at all: no evidence (chi2_contingency refuses a zero column)
    else:
        p_value = 2 * stats.norm.sf(abs(diff / pooled_se))
        table = np.array([[c_conv, c_users - c_conv], [v_conv, v_users - v_conv]])
        chi2_p = stats.chi2_contingency(table, correction=False).pvalue
        assert math.isclose(p_value, chi2_p, rel_tol=1e-9, abs_tol=1e-300), (p_value, chi2_p)
    se = math.sqrt(pc * (1 - pc) / c_users + pv * (1 - pv) / v_users)
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    return {
        "diff": diff,
        "ciLow": float(np.clip(diff - z * se, -1, 1)),
        "ciHigh": float(np.clip(diff + z * se, -1, 1)),
        "pValue": float(p_value),
    }


def log_mixture_lr(theta_hat, theta0, v, tau2):
    """ln Lambda(theta0) by quadrature over the mixing distribution (scaled by its peak, so a large
    likelihood ratio does not overflow)."""
    x = theta_hat - theta0

    def log_integrand(d):
        # ln[ N(x; d, V) / N(x; 0, V) * N(d; 0, tau2) ]
        return (x * d - d * d / 2) / v + stats.norm.logpdf(d, 0, math.sqrt(tau2))

    # The integrand is a Gaussian bump: integrate over +/- 40 of its widths around its peak.
    peak = x * tau2 / (v + tau2)
    width = math.sqrt(v * tau2 / (v + tau2))
    top = log_integrand(peak)
    value, error = integrate.quad(
        lambda d: math.exp(log_integrand(d) - top),
        peak - 40 * width, peak + 40 * width, epsabs=0, epsrel=1e-13, limit=500,
    )
    assert error <= 1e-10 * value, (value, error)
    return top + math.log(value)


def sequential(c_users, c_conv, v_users, v_conv, confidence, tau2):
    pc, pv = rate(c_users, c_conv), rate(v_users, v_conv)
    theta_hat = pv - pc
    v = pc * (1 - pc) / c_users + pv * (1 - pv) / v_users
    alpha = 1 - confidence
    log_lam0 = log_mixture_lr(theta_hat, 0.0, v, tau2)
    closed = 0.5 * math.log(v / (v + tau2)) + tau2 * theta_hat**2 / (2 * v * (v + tau2))
    assert math.isclose(log_lam0, closed, rel_tol=1e-9, abs_tol=1e-12), (log_lam0, closed)
    target = math.log(1 / alpha)

    def excess(theta0):
        return log_mixture_lr(theta_hat, theta0, v, tau2) - target

    def end(direction):
        # Lambda(theta_hat) < 1 < 1/alpha; step out by doubling until the ratio passes 1/alpha.
        step = math.sqrt(v)
        while excess(theta_hat + direction * step) < 0:
            step *= 2
        a, b = sorted((theta_hat, theta_hat + direction * step))
        return optimize.brentq(excess, a, b, xtol=1e-15, rtol=1e-14, maxiter=500)

    low, high = end(-1), end(+1)
    return {
        "diff": theta_hat,
        "ciLow": max(-1.0, low),
        "ciHigh": min(1.0, high),
        "pValue": min(1.0, math.exp(-log_lam0)),
    }


def arm(users, conversions):
    return {"users": users, "conversions": conversions}


Z_CASES = [
    # (control users, conversions, variant users, conversions, confidence, what it shows)
    (1000, 100, 1000, 120, 0.95, "equal sizes, not significant"),
    (5000, 250, 3000, 180, 0.95, "unequal sizes"),
    (20000, 2000, 20000, 2100, 0.99, "large, 99% interval"),
    (150, 30, 90, 27, 0.90, "small unequal, 90% interval"),
    (10000, 1000, 10000, 1300, 0.95, "strong effect: p far below 1e-6"),
    (800, 0, 1200, 6, 0.95, "zero conversions in the control"),
    (400, 0, 400, 0, 0.95, "zero conversions in both: p = 1, interval collapses"),
]

SRM_CASES = [
    ([5000, 5000], [0.5, 0.5], "balanced two-way, exact"),
    ([5040, 4960], [0.5, 0.5], "balanced two-way, noise"),
    ([3340, 3310, 3350], [1 / 3, 1 / 3, 1 / 3], "balanced three-way"),
    ([3600, 3250, 3150], [1 / 3, 1 / 3, 1 / 3], "skewed three-way: SRM (p < 0.001)"),
    ([5000, 2600, 2400], [0.5, 0.25, 0.25], "unequal weights, mild"),
    ([5500, 4500], [0.5, 0.5], "heavily skewed two-way"),
]

SEQ_CASES = [
    (1000, 100, 1000, 120, 0.95, 1e-3, "equal sizes, not significant"),
    (5000, 500, 5000, 600, 0.95, 1e-3, "significant"),
    (3000, 300, 2000, 260, 0.95, 1e-3, "unequal sizes"),
    (10000, 1000, 10000, 1300, 0.95, 1e-3, "strong effect: p far below 1e-6"),
    (2000, 200, 2000, 200, 0.95, 1e-3, "no difference: p = 1"),
    (10000, 1000, 10000, 1100, 0.90, 5e-4, "90%, smaller tau2"),
    (500, 50, 500, 75, 0.99, 1e-2, "99%, larger tau2"),
]


def main():
    out = {
        "generatedBy": "src/domain/stats/golden/reference.py (numpy " + np.__version__ + ", scipy "
        + __import__("scipy").__version__ + ")",
        "zTest": [
            {"case": why, "control": arm(cu, cc), "variant": arm(vu, vc), "confidence": conf,
             "expected": z_test(cu, cc, vu, vc, conf)}
            for cu, cc, vu, vc, conf, why in Z_CASES
        ],
        "sampleRatio": [],
        "sequential": [
            {"case": why, "control": arm(cu, cc), "variant": arm(vu, vc), "confidence": conf, "tau2": tau2,
             "expected": sequential(cu, cc, vu, vc, conf, tau2)}
            for cu, cc, vu, vc, conf, tau2, why in SEQ_CASES
        ],
    }
    for observed, weights, why in SRM_CASES:
        expected_counts = np.array(weights) * sum(observed)
        result = stats.chisquare(observed, f_exp=expected_counts)
        out["sampleRatio"].append({
            "case": why, "observed": observed, "weights": weights,
            "expected": {"chiSquare": float(result.statistic), "pValue": float(result.pvalue)},
        })
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
