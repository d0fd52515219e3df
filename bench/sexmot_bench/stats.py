"""Median and 95th percentile, the two figures every timing row reports."""
import statistics


def summary(values):
    """Median, p95, mean and count of a list of timings in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"median": statistics.median(ordered), "p95": p95, "mean": statistics.fmean(ordered), "n": len(ordered)}
