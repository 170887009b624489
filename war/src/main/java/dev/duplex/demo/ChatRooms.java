package dev.duplex.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who is in which room: room topic to channel id to nickname. Thread-safe; small enough to lock whole. */
final class ChatRooms {
    private final Map<String, Map<String, String>> rooms = new HashMap<>();

    /** Adds a member and returns the room's nicknames, sorted. */
    synchronized List<String> join(String room, String channelId, String nick) {
        Map<String, String> members = rooms.computeIfAbsent(room, r -> new HashMap<>());
        members.put(channelId, nick);
        return sorted(members);
    }

    /** Removes a member and returns the nicknames left; an empty room is forgotten. */
    synchronized List<String> leave(String room, String channelId) {
        Map<String, String> members = rooms.get(room);
        if (members == null) {
            return List.of();
        }
        members.remove(channelId);
        if (members.isEmpty()) {
            rooms.remove(room);
        }
        return sorted(members);
    }

    /** Changes a member's nickname and returns the room's nicknames. */
    synchronized List<String> rename(String room, String channelId, String nick) {
        Map<String, String> members = rooms.get(room);
        if (members == null) {
            return List.of();
        }
        members.replace(channelId, nick);
        return sorted(members);
    }

    private static List<String> sorted(Map<String, String> members) {
        List<String> nicks = new ArrayList<>(members.values());
        nicks.sort(String.CASE_INSENSITIVE_ORDER);
        return nicks;
    }
}
