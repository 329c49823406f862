import SpikeLab
@main struct Main { static func main() {} }
