package io.crowsnest.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The OpenAPI document at /q/openapi is generated from the code and names every route of the API:
 * each JAX-RS method of the api package, found by reflection, appears with its HTTP method; it is
 * served without a token (like Swagger UI) and declares the Bearer sign-in.
 */
@QuarkusTest
@TestProfile(RoutesTest.OwnChannels.class)
class OpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyApiRouteIsDocumented() throws Exception {
        Map<String, Object> document = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().as(Map.class);
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<String> routes = routes();
        assertTrue(routes.size() > 40, "found the routes: " + routes);
        TreeSet<String> missing = new TreeSet<>();
        for (String route : routes) {
            String[] methodAndPath = route.split(" ", 2);
            Map<String, Object> operations = paths.get(methodAndPath[1]);
            if (operations == null || !operations.containsKey(methodAndPath[0].toLowerCase(Locale.ROOT))) {
                missing.add(route);
            }
        }
        assertEquals(new TreeSet<>(), missing, "routes missing from /q/openapi");
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
                .get("securitySchemes");
        assertTrue(schemes.containsKey("bearer"), "the Bearer sign-in is declared: " + schemes);
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** A create answers 201 with a Location, and the document says so for each creating route. */
    @Test
    @SuppressWarnings("unchecked")
    void everyCreateIsDocumentedAs201WithALocation() {
        Map<String, Object> document = given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().as(Map.class);
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        for (String create : new String[] {"POST /api/v1/admin/scoring/plans", "PUT /api/v1/admin/scoring/segments",
                "POST /api/v1/admin/policies", "POST /api/v1/admin/actions", "POST /api/v1/admin/campaigns",
                "POST /api/v1/customers/{personId}/decisions", "PUT /api/v1/admin/scoring/systems",
                "PUT /api/v1/admin/teams/{teamId}", "PUT /api/v1/admin/lead-rules/{ruleId}"}) {
            String[] methodAndPath = create.split(" ", 2);
            Map<String, Object> operation = (Map<String, Object>) paths.get(methodAndPath[1])
                    .get(methodAndPath[0].toLowerCase(Locale.ROOT));
            Map<String, Object> created = (Map<String, Object>) ((Map<String, Object>) operation.get("responses"))
                    .get("201");
            assertTrue(created != null, create + " documents 201: " + operation.get("responses"));
            assertTrue(((Map<String, Object>) created.get("headers")).containsKey("Location"),
                    create + " documents its Location: " + created);
        }
    }

    /** "GET /api/v1/customers/{personId}" for every resource method of the api package. */
    private static List<String> routes() throws IOException, ClassNotFoundException {
        List<String> routes = new ArrayList<>();
        Path classes = Path.of("target/classes/io/crowsnest/gateway/api");
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("io.crowsnest.gateway.api." + name);
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        String path = base.value() + (sub == null ? "" : "/" + sub.value());
                        routes.add(verb + " " + path.replaceAll("/+", "/").replaceAll("/$", ""));
                    }
                }
            }
        }
        return routes;
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        } else if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        } else if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        } else if (method.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        } else if (method.isAnnotationPresent(PATCH.class)) {
            return "PATCH";
        }
        return null;
    }
}
