import MinaoshiSupport

/// `minaoshi build` as a library call: the standard pipeline, failing on any error.
public enum SiteBuilder {
    /// Builds the site; throws every problem found when there is any error, and then leaves
    /// the output as it was.
    public static func build(_ options: BuildOptions, progress: BuildProgress = .silent) throws(DiagnosticsError)
        -> BuildResult
    {
        let result = try BuildPipeline.standard.run(options, mode: .build, progress: progress)
        if result.diagnostics.containsErrors { throw DiagnosticsError(result.diagnostics) }
        return result
    }
}
