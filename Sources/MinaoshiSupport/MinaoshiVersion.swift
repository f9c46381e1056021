/// The program's version: `minaoshi --version` prints it, and the build cache records it.
public enum MinaoshiVersion {
    public static let current = "0.1.0"
}
