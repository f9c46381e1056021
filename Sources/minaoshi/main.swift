import ArgumentParser
import MinaoshiCLI

// `serve` runs asynchronously; the other subcommands do not. (A plain `await MinaoshiCommand.main()`
// here picks ArgumentParser's synchronous entry point, which refuses an asynchronous root.)
await MinaoshiCommand.run()
