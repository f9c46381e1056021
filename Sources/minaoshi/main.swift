import ArgumentParser
import MinaoshiCLI

MinaoshiCommand.main()
