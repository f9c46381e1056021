import MinaoshiCLI

MinaoshiCommand.main()
