import ArgumentParser
import SpikeLab

extension ClockKind: ExpressibleByArgument {}
