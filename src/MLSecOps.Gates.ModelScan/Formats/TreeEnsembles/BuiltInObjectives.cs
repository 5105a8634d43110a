namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>The objectives and boosters each library registers itself; any other name selects a plugin or is refused on load (MOD167).</summary>
internal static class BuiltInObjectives
{
    /// <summary>XGBoost's registered objectives (1.x to 3.x), including the deprecated aliases older files still name.</summary>
    public static IReadOnlySet<string> XGBoost { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "reg:squarederror", "reg:squaredlogerror", "reg:logistic", "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror",
        "reg:expectileerror", "reg:linear", "reg:gamma", "reg:tweedie", "binary:logistic", "binary:logitraw", "binary:hinge", "count:poisson",
        "survival:cox", "survival:aft", "multi:softmax", "multi:softprob", "rank:pairwise", "rank:ndcg", "rank:map", "gpu:reg:linear",
        "gpu:reg:logistic", "gpu:binary:logistic", "gpu:binary:logitraw",
    };

    /// <summary>XGBoost's boosters.</summary>
    public static IReadOnlySet<string> XGBoostBoosters { get; } = new HashSet<string>(StringComparer.Ordinal) { "gbtree", "dart", "gblinear" };

    /// <summary>LightGBM's objectives and their aliases as written in a model's <c>objective=</c> line (the first word).</summary>
    public static IReadOnlySet<string> LightGbm { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "regression", "regression_l1", "regression_l2", "l1", "l2", "mse", "mae", "rmse", "huber", "fair", "poisson", "quantile", "mape", "gamma",
        "tweedie", "binary", "multiclass", "softmax", "multiclassova", "multiclass_ova", "ova", "ovr", "cross_entropy", "xentropy",
        "cross_entropy_lambda", "xentlambda", "lambdarank", "rank_xendcg", "xendcg", "xe_ndcg", "xe_ndcg_mart", "xendcg_mart", "none", "null", "na", "custom",
    };
}
