import HTTPTypes
import Hummingbird

/// Counts every answer the server gives, by route, method and status, for
/// `GET /metrics`: the handlers' answers and the errors thrown on the way
/// (a body over the limit, a path no route serves).
struct ResponseCounting<Context: RequestContext>: RouterMiddleware {
    let metrics: PipelineMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method.rawValue
        do {
            let response = try await next(request, context)
            metrics.countAnswer(path: request.uri.path, method: method, status: response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            metrics.countAnswer(path: request.uri.path, method: method, status: error.status.code)
            throw error
        } catch {
            metrics.countAnswer(path: request.uri.path, method: method, status: 500)
            throw error
        }
    }
}
